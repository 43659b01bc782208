import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.SoftReference;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * Builds a heap with planted leaks and dumps it with the JDK, for hdx's samples, tests and benchmarks.
 *
 * Usage: java LeakDemo SCALE_KB OUT.hprof [OUT2.hprof]
 *   SCALE_KB  roughly how many KiB of leaked data to build (the JDK adds ~5 MB of its own)
 *   OUT2      when given, the cache grows by half after the first dump and a second dump is written
 *             (a before/after pair of the same process, for `hdx diff`)
 *
 * Planted, each under its own static root so that tests can find it:
 *   SessionCache.CACHE      a never-evicted HashMap<String, Session>         ~50 %
 *   EventBus.LISTENERS      listeners (lambdas) capturing long[] arrays     ~15 %
 *   thread "leaky-worker"   a ThreadLocal<byte[]> in a parked thread       ~10 %
 *   Interned.DUPLICATES     the same 10 strings, copied many times          ~5 %
 *   Chain.HEAD              a singly linked chain of Node objects           ~5 %
 *   Caches.WEAK / SOFT      a WeakHashMap and SoftReferences: not retained by their holders
 */
public class LeakDemo {
    static final class Session {
        final String id;
        final long created = System.nanoTime();
        final byte[] payload;
        final Map<String, Object> attrs = new HashMap<>();

        Session(String id, int n) {
            this.id = id;
            this.payload = new byte[n];
        }
    }

    static final class SessionCache {
        static final Map<String, Session> CACHE = new HashMap<>();
    }

    interface Listener {
        void on(String event);
    }

    static final class EventBus {
        static final List<Listener> LISTENERS = new CopyOnWriteArrayList<>();
    }

    static final class Interned {
        static final List<String> DUPLICATES = new ArrayList<>();
    }

    static final class Node {
        Node next;
        final int[] data;

        Node(int n) {
            data = new int[n];
        }
    }

    static final class Chain {
        static Node HEAD;
        static int LENGTH;
    }

    static final class Caches {
        static final Object[] KEYS = new Object[200];
        static final WeakHashMap<Object, byte[]> WEAK = new WeakHashMap<>();
        static final List<SoftReference<byte[]>> SOFT = new ArrayList<>();
        static final WeakReference<byte[]> ONLY_WEAK = new WeakReference<>(new byte[4096]);
    }

    static final ThreadLocal<byte[]> LOCAL = new ThreadLocal<>();
    static final Random RANDOM = new Random(42);
    static int sessions = 0;

    static void growCache(long bytes) {
        for (long used = 0; used < bytes; sessions++) {
            int n = 256 + RANDOM.nextInt(1024);
            Session s = new Session("session-" + sessions, n);
            s.attrs.put("user", "user" + (sessions % 100));
            s.attrs.put("seq", sessions);
            SessionCache.CACHE.put(s.id, s);
            used += n + 200;
        }
    }

    static void dump(String path) throws Exception {
        HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        bean.dumpHeap(path, true);
        System.out.println("dumped " + path + " " + new java.io.File(path).length() + " bytes, cache "
                + SessionCache.CACHE.size() + " sessions, chain " + Chain.LENGTH);
    }

    public static void main(String[] args) throws Exception {
        long budget = Long.parseLong(args[0]) << 10;
        growCache(budget / 2);
        for (long used = 0; used < budget * 15 / 100; ) {
            final long[] captured = new long[64 + RANDOM.nextInt(256)];
            final int id = EventBus.LISTENERS.size();
            EventBus.LISTENERS.add(event -> {
                if (captured.length == id) System.out.println(event);
            });
            used += captured.length * 8L + 64;
        }
        CountDownLatch ready = new CountDownLatch(1);
        Thread worker = new Thread(() -> {
            LOCAL.set(new byte[(int) (budget / 10)]);
            ready.countDown();
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "leaky-worker");
        worker.setDaemon(true);
        worker.start();
        ready.await();
        for (long used = 0; used < budget / 20; used += 64) {
            Interned.DUPLICATES.add(new String(("duplicate-value-" + Interned.DUPLICATES.size() % 10).toCharArray()));
        }
        Node tail = null;
        for (long used = 0; used < budget / 20; used += 100) {
            Node n = new Node(16);
            if (tail == null) Chain.HEAD = n; else tail.next = n;
            tail = n;
            Chain.LENGTH++;
        }
        for (int k = 0; k < Caches.KEYS.length; k++) {
            Caches.KEYS[k] = new Object();
            Caches.WEAK.put(Caches.KEYS[k], new byte[128]);
            Caches.SOFT.add(new SoftReference<>(new byte[512]));
        }
        dump(args[1]);
        if (args.length > 2) {
            growCache(budget / 4);
            dump(args[2]);
        }
        if (Caches.ONLY_WEAK.get() == null) System.out.println("weak referent cleared by the dump's GC");
    }
}
