import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/// Objects waiting for finalization. The first finalize() (a Blocker's) never returns, so the JVM's single
/// finalizer thread is stuck and every later finalizable object that becomes unreachable stays pending: held only by
/// its java.lang.ref.Finalizer (the Finalizer's referent) on Finalizer.unfinalized and the finalizer queue.
///   200 FinalizerDemo$Pending, each with a byte[1000]: unreachable except through their Finalizer
///    10 FinalizerDemo$Live, each with a byte[500]: finalizable but strongly held by FinalizerDemo.LIVE
///     1 FinalizerDemo$Blocker: being finalized (a local of the finalizer thread's frame)
/// Prints "ready <pid>" when the state is set up, then waits for the dump (jcmd GC.class_histogram / GC.heap_dump).
public class FinalizerDemo {
    static final CountDownLatch ENTERED = new CountDownLatch(1);
    static final CountDownLatch NEVER = new CountDownLatch(1);
    static final List<Live> LIVE = new ArrayList<>();

    static final class Blocker {
        @Override protected void finalize() throws Throwable {
            ENTERED.countDown();
            NEVER.await();
        }
    }

    static final class Pending {
        final byte[] payload = new byte[1000];
        final int n;
        Pending(int n) { this.n = n; }
        @Override protected void finalize() { System.out.println("finalized " + n); }
    }

    static final class Live {
        final byte[] payload = new byte[500];
        @Override protected void finalize() { }
    }

    public static void main(String[] args) throws Exception {
        new Blocker();
        while (ENTERED.getCount() > 0) {
            System.gc();
            Thread.sleep(20);
        }
        for (int i = 0; i < 10; i++) LIVE.add(new Live());
        for (int i = 0; i < 200; i++) new Pending(i);
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        System.out.println("ready " + ProcessHandle.current().pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
