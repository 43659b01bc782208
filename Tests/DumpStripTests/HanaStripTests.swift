import DumpStrip
import Testing

@Suite("HANA: hosts, users and SQL masked consistently, everything else kept")
struct HanaStripTests {
    let input = """
    Runtime dump time: 2025/03/11 14:22:07 (Local)

    Service: indexserver, Host: dbhost7, Port: 30003, PID: 1, SID: PRD

    [THREADS]  Running threads: (2025-03-11 14:22:07 153 Local)
    1[thr=2]: SqlExecutor, TID: 2, CID: 3, SQLUserName: "BOB", ThreadMethod: "ExecutePrepared", ThreadDetail: "SELECT ""X"" FROM T WHERE P = 'pw'", State: Running, CPU: 1.0s
    [OK]
    --
    [STATISTICS]  Statistics data: (2025-03-11 14:22:07 157 Local)
    M_CONNECTIONS_ - Connections
    HOST;PORT;CONNECTION_ID;USER_NAME;CLIENT_HOST;STATEMENT_HASH
    "dbhost7";30003;3;"BOB";"laptop9";"abc123"
    "dbhost7";30003;4;"";"laptop9";""
    (M_CONNECTIONS_, 2 rows)

    M_HEAP_MEMORY - Heap memory allocators of the service
    HOST;PORT;CATEGORY;INCLUSIVE_SIZE_IN_USE
    "dbhost7";30003;"Pool/RowEngine";1234
    (M_HEAP_MEMORY, 1 rows)

    [OK]

    """

    let expected = """
    Runtime dump time: 2025/03/11 14:22:07 (Local)

    Service: indexserver, Host: <host 1>, Port: 30003, PID: 1, SID: PRD

    [THREADS]  Running threads: (2025-03-11 14:22:07 153 Local)
    1[thr=2]: SqlExecutor, TID: 2, CID: 3, SQLUserName: "<user 1>", ThreadMethod: "ExecutePrepared", ThreadDetail: "<sql 1>", State: Running, CPU: 1.0s
    [OK]
    --
    [STATISTICS]  Statistics data: (2025-03-11 14:22:07 157 Local)
    M_CONNECTIONS_ - Connections
    HOST;PORT;CONNECTION_ID;USER_NAME;CLIENT_HOST;STATEMENT_HASH
    "<host 1>";30003;3;"<user 1>";"<host 2>";"abc123"
    "<host 1>";30003;4;"";"<host 2>";""
    (M_CONNECTIONS_, 2 rows)

    M_HEAP_MEMORY - Heap memory allocators of the service
    HOST;PORT;CATEGORY;INCLUSIVE_SIZE_IN_USE
    "<host 1>";30003;"Pool/RowEngine";1234
    (M_HEAP_MEMORY, 1 rows)

    [OK]

    """

    @Test func masksWhatIdentifiesAndKeepsTheRest() throws {
        let s = Scratch(); defer { s.remove() }
        let result = try s.strip(Array(input.utf8), kind: .hana)
        #expect(String(decoding: s.read("out"), as: UTF8.self) == expected)
        let counts = Dictionary(result.counts, uniquingKeysWith: +)
        #expect(counts["distinct_host"] == 2 && counts["distinct_user"] == 1 && counts["distinct_sql"] == 1)
    }

    @Test func aQuotedFieldSpanningLinesIsMaskedWhole() throws {
        let s = Scratch(); defer { s.remove() }
        let text = "[STATISTICS]  Statistics data:\nM_ACTIVE_STATEMENTS - Active statements\nHOST;STATEMENT_STRING\n"
            + "\"h\";\"SELECT 1\nFROM SECRET_TABLE\"\n(M_ACTIVE_STATEMENTS, 1 rows)\n"
        _ = try s.strip(Array(text.utf8), kind: .hana)
        #expect(String(decoding: s.read("out"), as: UTF8.self)
                == "[STATISTICS]  Statistics data:\nM_ACTIVE_STATEMENTS - Active statements\nHOST;STATEMENT_STRING\n"
                + "\"<host 1>\";\"<sql 1>\"\n(M_ACTIVE_STATEMENTS, 1 rows)\n")
    }
}
