import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.FileWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Three heap dumps of one JVM for `hdx growth` (written at test time, not committed):
 *
 *   java GrowthDemo OUTDIR     → OUTDIR/growth-1.hprof … growth-3.hprof and OUTDIR/truth.json
 *
 * Planted under static roots: Leak grows by 1000 at every step (1000, 2000, 3000; each holds a 256-byte array),
 * Bouncy goes up and down (600, 200, 800), Steady stays at 50. The lists are allocated at full capacity first.
 */
public class GrowthDemo {
    static final class Leak {
        final int id;
        final byte[] payload = new byte[256];
        Leak(int id) { this.id = id; }
    }

    static final class Bouncy {
        final int id;
        final long[] data = new long[8];
        Bouncy(int id) { this.id = id; }
    }

    static final class Steady {
        final int id;
        Steady(int id) { this.id = id; }
    }

    static final class Holder {
        static final List<Leak> LEAKS = new ArrayList<>(3000);
        static final List<Bouncy> BOUNCY = new ArrayList<>(800);
        static final List<Steady> STEADY = new ArrayList<>(50);
    }

    static void setBouncy(int n) {
        while (Holder.BOUNCY.size() > n) Holder.BOUNCY.remove(Holder.BOUNCY.size() - 1);
        while (Holder.BOUNCY.size() < n) Holder.BOUNCY.add(new Bouncy(Holder.BOUNCY.size()));
    }

    static void grow(int n) {
        for (int k = 0; k < n; k++) Holder.LEAKS.add(new Leak(Holder.LEAKS.size()));
    }

    public static void main(String[] args) throws Exception {
        String out = args[0];
        HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        for (int i = 0; i < 50; i++) Holder.STEADY.add(new Steady(i));
        int[] bouncy = {600, 200, 800};
        StringBuilder files = new StringBuilder();
        for (int step = 1; step <= 3; step++) {
            grow(1000);
            setBouncy(bouncy[step - 1]);
            String file = out + "/growth-" + step + ".hprof";
            bean.dumpHeap(file, true);
            files.append(step > 1 ? ", " : "").append('"').append(file).append('"');
        }
        try (FileWriter w = new FileWriter(out + "/truth.json")) {
            w.write("{\"files\": [" + files + "], \"GrowthDemo$Leak\": [1000, 2000, 3000], "
                    + "\"GrowthDemo$Bouncy\": [600, 200, 800], \"GrowthDemo$Steady\": [50, 50, 50]}\n");
        }
    }
}
