import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.graalvm.visualvm.lib.jfluid.heap.Heap;
import org.graalvm.visualvm.lib.jfluid.heap.HeapFactory;
import org.graalvm.visualvm.lib.jfluid.heap.Instance;
import org.graalvm.visualvm.lib.jfluid.heap.JavaClass;

/**
 * Opens an HPROF file with VisualVM's heap library (the peer tool, Debian package visualvm) and prints what it
 * computes, without any value: totals, per class (by name) count, shallow and retained bytes, GC roots and the 20
 * biggest objects by retained size. `hdx strip` must leave all of it unchanged.
 * Usage: java -cp jfluid-heap.jar:. VisualVMPeer FILE.hprof
 */
public class VisualVMPeer {
    public static void main(String[] args) throws Exception {
        Heap heap = HeapFactory.createHeap(new File(args[0]));
        System.out.println("instances " + heap.getSummary().getTotalLiveInstances());
        System.out.println("bytes " + heap.getSummary().getTotalLiveBytes());
        System.out.println("roots " + heap.getGCRoots().size());
        List<String> rows = new ArrayList<>();
        for (JavaClass c : heap.getAllClasses()) {
            rows.add(c.getName() + " id=" + Long.toHexString(c.getJavaClassId()) + " count=" + c.getInstancesCount()
                + " shallow=" + c.getAllInstancesSize() + " retained=" + c.getRetainedSizeByClass());
        }
        rows.sort(null);
        System.out.println("classes " + rows.size());
        for (String r : rows) System.out.println(r);
        for (Instance i : heap.getBiggestObjectsByRetainedSize(20)) {
            System.out.println("biggest " + Long.toHexString(i.getInstanceId()) + " " + i.getJavaClass().getName()
                + " retained=" + i.getRetainedSize());
        }
    }
}
