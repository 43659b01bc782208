import java.util.ArrayList;
import java.util.List;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Strings of every kind the HPROF String reader meets, for hdx's `:"text"` / `hdx strings` tests
 * (Tests/HeapAnalysisTests/StringScanJDKTests). Usage: java StringsDemo OUT.hprof
 *   Latin-1 (compact) values, UTF-16 values (CJK, an emoji's surrogate pair, Cyrillic), mixed case, and 100
 *   values "MixedCase-Needle-<i>" built at run time (so exactly 11 contain "needle-4": 4 and 40…49).
 *   With -XX:-CompactStrings every value is UTF-16.
 */
public class StringsDemo {
    static final List<String> KEPT = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        String[] fixed = {"Grüße aus Köln", "CAFÉ crème brûlée", "日本語のテキスト", "emoji 😀 in text",
                          "Кириллица ЖЖЖ", "plain ascii UPPER lower", "tab\tand\nnewline"};
        for (String s : fixed) KEPT.add(new String(s.toCharArray()));
        for (int i = 0; i < 100; i++) KEPT.add("MixedCase-Needle-" + i);
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 5000; i++) big.append((char) ('a' + i % 26));
        big.append("TheEndMarker");
        KEPT.add(big.toString());
        HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        bean.dumpHeap(args[0], true);
        System.out.println(KEPT.size());
    }
}
