import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * A thread whose frames hold known objects, for hdx's per-thread and per-frame retained totals
 * (Tests/ReportTests/ThreadTotalsTests). Usage: java ThreadsDemo OUT.hprof
 *   thread "holder-1": hold() keeps a byte[100000], a list of ten byte[1000] and SHARED (also a static) as locals,
 *   then waits; run() keeps the latch.
 */
public class ThreadsDemo {
    static final byte[] SHARED = new byte[5000];
    static final CountDownLatch READY = new CountDownLatch(1);
    static final CountDownLatch DONE = new CountDownLatch(1);

    static void hold() throws InterruptedException {
        byte[] big = new byte[100_000];
        List<byte[]> list = new ArrayList<>();
        for (int i = 0; i < 10; i++) list.add(new byte[1000]);
        byte[] shared = SHARED;
        READY.countDown();
        DONE.await();
        System.out.println(big.length + list.size() + shared.length);
    }

    public static void main(String[] args) throws Exception {
        Thread t = new Thread(() -> {
            try { hold(); } catch (InterruptedException e) { }
        }, "holder-1");
        t.setDaemon(true);
        t.start();
        READY.await();
        Thread.sleep(200);
        HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        bean.dumpHeap(args[0], true);
        DONE.countDown();
    }
}
