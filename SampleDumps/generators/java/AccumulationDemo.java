import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.IdentityHashMap;

/**
 * One big list held three ways, for hdx's paths to the accumulation point (Tests/HeapAnalysisTests/
 * AccumulationPathsTests), and an IdentityHashMap of known contents for `c`.
 * Usage: java AccumulationDemo OUT.hprof
 *   SHARED: an ArrayList of 64 byte[262144] (16 MiB), held by HolderA.STORE, HolderB.MIRROR and the main thread's
 *           ThreadLocal HolderC.LOCAL; its elementData Object[] is the accumulation point.
 *   Weak.REF: a WeakReference to SHARED (a weak way in: not a path).
 *   Ident.MAP: an IdentityHashMap "k0".."k4" -> "v0".."v4", plus null -> "vnull" and "knull" -> null.
 * It prints "identity size 7" (the map's size(), which the tests expect); the map's table is 64 slots (capacity 32).
 */
public class AccumulationDemo {
    static final class HolderA { static Object STORE; }
    static final class HolderB { static Object MIRROR; }
    static final class HolderC { static final ThreadLocal<Object> LOCAL = new ThreadLocal<>(); }
    static final class Weak { static java.lang.ref.WeakReference<Object> REF; }
    static final class Ident { static final IdentityHashMap<String, String> MAP = new IdentityHashMap<>(); }

    static void build() {
        ArrayList<byte[]> shared = new ArrayList<>();
        for (int i = 0; i < 64; i++) shared.add(new byte[262144]);
        HolderA.STORE = shared;
        HolderB.MIRROR = shared;
        HolderC.LOCAL.set(shared);
        Weak.REF = new java.lang.ref.WeakReference<>(shared);
        for (int i = 0; i < 5; i++) Ident.MAP.put(new String("k" + i), "v" + i);
        Ident.MAP.put(null, "vnull");
        Ident.MAP.put("knull", null);
    }

    public static void main(String[] args) throws Exception {
        build();
        System.out.println("identity size " + Ident.MAP.size());
        HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        bean.dumpHeap(args[0], true);
    }
}
