import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A heap with planted secrets for `hdx strip`'s tests; dumps itself (HotSpotDiagnosticMXBean, live objects).
 * Usage: java StripSecrets OUT.hprof
 *
 * Planted (each must be absent from the stripped copy in UTF-8, Latin-1 and UTF-16 LE/BE):
 *   a password String literal, an e-mail in a char[], an e-mail in a byte[], an SQL statement with a literal,
 *   a non-Latin-1 String (stored UTF-16 by compact strings), a long and an int field, a static int,
 *   a HashMap of customer e-mails (keys) to tokens (values), and a thread named after a secret.
 */
public class StripSecrets {
    static final String PASSWORD = "hunter2-Pa55w0rd!";
    static int PIN = 987654321;
    static final List<Object> KEEP = new ArrayList<>();

    static final class Account {
        final String owner;
        final char[] email;
        final byte[] emailBytes;
        final String sql;
        final String unicode;
        final long cardNumber;
        final int cvv;

        Account(String owner) {
            this.owner = owner;
            this.email = "bob.secret@example.org".toCharArray();
            this.emailBytes = "carol.secret@example.net".getBytes(StandardCharsets.UTF_8);
            this.sql = "SELECT * FROM users WHERE password = '" + "Tr0ub4dor&3" + "'";
            this.unicode = "zo\u00eb-\u79d8\u5bc6-token-\u00fc\u00efc";
            this.cardNumber = 4111111111111111L;
            this.cvv = 7373;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> tokens = new HashMap<>();
        for (int i = 0; i < 20; i++) tokens.put("customer" + i + ".secret@example.com", "tok-" + i + "-S3CR3T");
        KEEP.add(tokens);
        KEEP.add(new Account("alice.secret@example.com"));
        KEEP.add(PASSWORD);
        KEEP.add(new StringBuilder("dave.secret").append("@example.io"));
        Thread t = new Thread(() -> {
            try { Thread.sleep(600_000); } catch (InterruptedException e) { }
        }, "worker-for-erin.secret@example.com");
        t.setDaemon(true);
        t.start();
        HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        bean.dumpHeap(args[0], true);
        System.out.println(KEEP.size() + " " + PIN);
    }
}
