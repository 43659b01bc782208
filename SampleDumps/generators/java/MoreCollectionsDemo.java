import java.util.ArrayDeque;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * More collections of known contents for hdx's collection tests (Tests/HeapAnalysisTests/MoreCollectionsTests).
 * Usage: java MoreCollectionsDemo OUT.hprof
 *   Holder.WEAK     WeakHashMap: KEYS[0..3] ("wk0".."wk3", held strongly by Holder.KEYS) -> "wv0".."wv3"
 *   Holder.TREE     TreeMap: "t00".."t49" -> "u00".."u49" (inserted in a shuffled order)
 *   Holder.TSET     TreeSet: "s3", "s1", "s2"
 *   Holder.LINKED   LinkedList: "l0".."l6"
 *   Holder.DEQUE    ArrayDeque of capacity 16 wrapped around: "d0".."d9" in order, head near the end
 *   Holder.COW      CopyOnWriteArrayList: "c0".."c4"
 *   Holder.TABLE    Hashtable: "h0".."h2" -> "i0".."i2"
 *   Holder.LSET     LinkedHashSet: "x", "y"
 */
public class MoreCollectionsDemo {
    static final class Holder {
        static final String[] KEYS = new String[4];
        static final Map<String, String> WEAK = new WeakHashMap<>();
        static final TreeMap<String, String> TREE = new TreeMap<>();
        static final TreeSet<String> TSET = new TreeSet<>();
        static final LinkedList<String> LINKED = new LinkedList<>();
        static final ArrayDeque<String> DEQUE = new ArrayDeque<>(15);
        static final CopyOnWriteArrayList<String> COW = new CopyOnWriteArrayList<>();
        static final Hashtable<String, String> TABLE = new Hashtable<>();
        static final LinkedHashSet<String> LSET = new LinkedHashSet<>();
    }

    static void build() {
        for (int i = 0; i < 4; i++) {
            Holder.KEYS[i] = new String("wk" + i);
            Holder.WEAK.put(Holder.KEYS[i], "wv" + i);
        }
        int[] order = new int[50];
        for (int i = 0; i < 50; i++) order[i] = (i * 37) % 50;
        for (int i : order) Holder.TREE.put(String.format("t%02d", i), String.format("u%02d", i));
        Holder.TSET.add("s3");
        Holder.TSET.add("s1");
        Holder.TSET.add("s2");
        for (int i = 0; i < 7; i++) Holder.LINKED.add("l" + i);
        for (int i = 0; i < 12; i++) Holder.DEQUE.addLast("pad" + i);
        for (int i = 0; i < 12; i++) Holder.DEQUE.pollFirst();
        for (int i = 0; i < 10; i++) Holder.DEQUE.addLast("d" + i);
        for (int i = 0; i < 5; i++) Holder.COW.add("c" + i);
        for (int i = 0; i < 3; i++) Holder.TABLE.put("h" + i, "i" + i);
        Holder.LSET.add("x");
        Holder.LSET.add("y");
    }

    public static void main(String[] args) throws Exception {
        build();
        HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        bean.dumpHeap(args[0], true);
    }
}
