import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Collections of known contents for hdx's collection tests (Tests/HeapAnalysisTests/CollectionContentsTests).
 * Usage: java CollectionsDemo OUT.hprof
 *   Holder.MAP     HashMap: "k0".."k2" -> "v0".."v2", capacity 16
 *   Holder.LINKED  LinkedHashMap: "first" -> "1st", "second" -> "2nd"
 *   Holder.CHM     ConcurrentHashMap: "c0".."c99" -> "w0".."w99"
 *   Holder.SET     HashSet: "red", "green", "blue"
 *   Holder.LIST    ArrayList with capacity 20: "a", "b", "c"
 *   Holder.ARRAY   Object[8]: "x" at 1, "y" at 5, the rest null
 */
public class CollectionsDemo {
    static final class Holder {
        static final Map<String, String> MAP = new HashMap<>();
        static final Map<String, String> LINKED = new LinkedHashMap<>();
        static final Map<String, String> CHM = new ConcurrentHashMap<>();
        static final Set<String> SET = new HashSet<>();
        static final List<String> LIST = new ArrayList<>(20);
        static final Object[] ARRAY = new Object[8];
    }

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < 3; i++) Holder.MAP.put("k" + i, "v" + i);
        Holder.LINKED.put("first", "1st");
        Holder.LINKED.put("second", "2nd");
        for (int i = 0; i < 100; i++) Holder.CHM.put("c" + i, "w" + i);
        Holder.SET.add("red");
        Holder.SET.add("green");
        Holder.SET.add("blue");
        Holder.LIST.add("a");
        Holder.LIST.add("b");
        Holder.LIST.add("c");
        Holder.ARRAY[1] = "x";
        Holder.ARRAY[5] = "y";
        HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        bean.dumpHeap(args[0], true);
    }
}
