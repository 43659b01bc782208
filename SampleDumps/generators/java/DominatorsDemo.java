import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Items held in known ways, for hdx's immediate-dominators and class-loader tests
 * (Tests/HeapAnalysisTests/ImmediateDominatorsHprofTests). Usage: java DominatorsDemo OUT.hprof
 *   Holder.LIST      ArrayList of 100 Items
 *   Holder.REGISTRY  a Registry whose HashMap holds 50 Items
 *   Holder.OWNERS    Owner[10], each Owner holding its own Item; Owners 0 and 1 also share one Item
 *   Holder.CHAIN     5 Items linked through Item.next
 */
public class DominatorsDemo {
    static final class Item {
        long value;
        Item next;
        Item(long v) { value = v; }
    }

    static final class Owner {
        Item item;
        Item shared;
    }

    static final class Registry {
        final Map<String, Item> items = new HashMap<>();
    }

    static final class Holder {
        static final List<Item> LIST = new ArrayList<>();
        static final Registry REGISTRY = new Registry();
        static final Owner[] OWNERS = new Owner[10];
        static Item CHAIN;
    }

    /** Builds everything in its own frame, so that no local of main holds an Item when the heap is dumped. */
    static void build() {
        for (int i = 0; i < 100; i++) Holder.LIST.add(new Item(i));
        for (int i = 0; i < 50; i++) Holder.REGISTRY.items.put("r" + i, new Item(i));
        Item shared = new Item(-1);
        for (int i = 0; i < 10; i++) {
            Holder.OWNERS[i] = new Owner();
            Holder.OWNERS[i].item = new Item(i);
        }
        Holder.OWNERS[0].shared = shared;
        Holder.OWNERS[1].shared = shared;
        for (int i = 0; i < 5; i++) {
            Item it = new Item(i);
            it.next = Holder.CHAIN;
            Holder.CHAIN = it;
        }
    }

    public static void main(String[] args) throws Exception {
        build();
        HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        bean.dumpHeap(args[0], true);
    }
}
