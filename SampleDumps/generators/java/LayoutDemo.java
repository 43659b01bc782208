import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * A small, quiescent heap whose object shapes exercise the JVM's object layout, for checking hdx's shallow sizes
 * against the JVM's own class histogram (Tests/e2e/jvm_layouts.sh, SampleDumps/generators/jvm_layouts.sh).
 *
 * Usage: java LayoutDemo [SOURCE.java]
 *   Builds the heap, prints "ready <pid>" and then blocks reading stdin without allocating, so that
 *   `jcmd PID GC.class_histogram` and `jcmd PID GC.heap_dump FILE` see the same live set. Exits at end of input.
 *
 * Held from static fields: instances of classes mixing field types (so the JVM packs fields into gaps, including
 * the 4-byte gap after a 12-byte header and holes left in superclass layouts), subclasses adding small fields,
 * arrays of every element type with lengths 0..40 and a few long ones, and object arrays of several lengths; and
 * JDK objects whose size no CLASS_DUMP tells (fields the VM injects: Thread and its @Contended padding, MemberName,
 * Module, Class; a single ForkJoinPool, padded too; lambdas, which are hidden classes; method handles, reflection, concurrent collections). With a
 * source file, javac (the in-process compiler) parses and attributes it and its task is kept: a few hundred more
 * classes of a real application (trees, symbols, types, scopes).
 */
public class LayoutDemo {
    static class Empty { }
    static class OneByte { byte b; }
    static class OneInt { int i; }
    static class OneLong { long l; }
    static class OneRef { Object o; }
    static class LongAndByte { long l; byte b; }
    static class ByteIntLong { byte b; int i; long l; }
    static class Mixed { boolean z; char c; short s; int i; float f; long l; double d; Object o; byte b; }
    static class TwoRefsAndLong { Object a; Object b; long l; }
    static class ThreeShorts { short a; short b; short c; }
    static class SubOfLong extends OneLong { int extra; }
    static class SubOfByte extends OneByte { byte b2; short s; }
    static class SubOfMixed extends Mixed { int x; Object y; }
    static class Deep1 { long a; }
    static class Deep2 extends Deep1 { byte b; }
    static class Deep3 extends Deep2 { byte c; int d; }
    static class Deep4 extends Deep3 { Object e; boolean f; }
    static class ManyRefs { Object a, b, c, d, e, f, g; }
    static class ManyBytes { byte a, b, c, d, e, f, g, h, i, j, k; }
    static final class Node { Node next; int value; Node(Node next, int value) { this.next = next; this.value = value; } }

    static final List<Object> KEEP = new ArrayList<>();

    static final class Parked extends Thread {
        final CountDownLatch started = new CountDownLatch(1);
        long extra;
        Parked(String name) { super(name); setDaemon(true); }
        @Override public void run() {
            started.countDown();
            try { Thread.sleep(Long.MAX_VALUE); } catch (InterruptedException e) { }
        }
    }

    static void keep(Object o) { KEEP.add(o); }

    public static void main(String[] args) throws Exception {
        for (int k = 0; k < 50; k++) {
            keep(new Empty()); keep(new OneByte()); keep(new OneInt()); keep(new OneLong()); keep(new OneRef());
            keep(new LongAndByte()); keep(new ByteIntLong()); keep(new Mixed()); keep(new TwoRefsAndLong());
            keep(new ThreeShorts()); keep(new SubOfLong()); keep(new SubOfByte()); keep(new SubOfMixed());
            keep(new Deep1()); keep(new Deep2()); keep(new Deep3()); keep(new Deep4()); keep(new ManyRefs());
            keep(new ManyBytes());
        }
        Node chain = null;
        for (int k = 0; k < 200; k++) chain = new Node(chain, k);
        keep(chain);
        for (int n = 0; n <= 40; n++) {
            for (int copy = 0; copy < 3; copy++) {
                keep(new boolean[n]); keep(new byte[n]); keep(new char[n]); keep(new short[n]);
                keep(new int[n]); keep(new float[n]); keep(new long[n]); keep(new double[n]);
                keep(new Object[n]); keep(new String[n]); keep(new int[n][]);
            }
        }
        for (int n : new int[] {100, 1000, 4097, 65536}) {
            keep(new byte[n]); keep(new long[n]); keep(new Object[n]); keep(new char[n]);
        }
        for (int k = 0; k < 100; k++) keep("string-" + k);
        for (int k = 0; k < 100; k++) keep(Long.valueOf(1_000_000L + k));
        for (int k = 0; k < 3; k++) {
            Parked t = new Parked("parked-" + k);
            t.start();
            t.started.await();
            keep(t);
        }
        for (int k = 0; k < 20; k++) {
            final int v = k;
            Supplier<Integer> s = () -> v;
            keep(s);
        }
        MethodHandle mh = MethodHandles.lookup().findStatic(LayoutDemo.class, "keep",
                MethodType.methodType(void.class, Object.class));
        keep(mh);
        keep(LayoutDemo.class.getDeclaredMethods());
        ConcurrentHashMap<String, Integer> chm = new ConcurrentHashMap<>();
        TreeMap<Integer, String> tree = new TreeMap<>();
        LinkedHashMap<Integer, int[]> linked = new LinkedHashMap<>();
        for (int k = 0; k < 100; k++) {
            chm.put("k" + k, k);
            tree.put(k, "v" + k);
            linked.put(k, new int[k % 7]);
        }
        keep(chm); keep(tree); keep(linked);
        // A single instance of a JDK class with @Contended fields (its padding is in no CLASS_DUMP).
        keep(new java.util.concurrent.ForkJoinPool(2));
        if (args.length > 0) {
            javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
            javax.tools.StandardJavaFileManager files = javac.getStandardFileManager(null, null, null);
            com.sun.source.util.JavacTask task = (com.sun.source.util.JavacTask) javac.getTask(null, files, null,
                    List.of("-proc:none"), null, files.getJavaFileObjects(args[0]));
            keep(task.parse());
            keep(task.analyze());
            keep(task);
        }
        // The line is built before the collections: string concatenation links a call site, whose helpers a cleaner
        // frees only after a later GC. Then let reference processing and cleaners finish, so that the histogram and
        // the dump that follow (each runs a full GC first) see the same live set.
        String ready = "ready " + ProcessHandle.current().pid();
        for (int k = 0; k < 3; k++) {
            System.gc();
            Thread.sleep(100);
        }
        System.out.println(ready);
        System.out.flush();
        while (System.in.read() >= 0) { }
        System.out.println(KEEP.size());
    }
}
