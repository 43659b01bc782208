import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.ToolProvider;

/**
 * A 16 MiB list held by statics of classes that a custom URLClassLoader loaded (not system classes, so not GC roots:
 * the walk from the GC roots reaches them through their loader's `classes` list), for hdx's paths to the accumulation
 * point (Tests/DumpReportsTests/LoaderStaticPathsTests, Tests/e2e/explorer-accumulation.sh).
 * Usage: java LoaderAccumulationDemo OUT.hprof [WORKDIR]   (default: OUT's folder)
 *   SHARED: an ArrayList of 64 byte[262144] (16 MiB); its elementData Object[] is the accumulation point. Held by
 *   - plugin.Mirror.COPY: directly (2 steps from the point);
 *   - the loader's own field PluginLoader.registry (2 steps), the loader held by LoaderAccumulationDemo.LOADER;
 *   - plugin.Store.BOX: through a Box and an Object[] (4 steps). The backward search meets Store first through its
 *     `<classloader>` link (3 steps), then through the static;
 *   - plugin.Keeper.OWN: Keeper's own loader, a static beside the `<classloader>` link to the same object.
 * The plugin classes are compiled at run time into WORKDIR/plugin-classes (javax.tools, JDK only).
 */
public class LoaderAccumulationDemo {
    static ClassLoader LOADER;

    /** A loader with a field of its own. */
    static final class PluginLoader extends URLClassLoader {
        Object registry;
        PluginLoader(URL[] urls) { super(urls, null); }
    }

    static final String STORE = "package plugin;\n"
        + "public class Store {\n"
        + "    public static Object BOX;\n"
        + "    public static Object fill() {\n"
        + "        java.util.ArrayList<byte[]> shared = new java.util.ArrayList<>();\n"
        + "        for (int i = 0; i < 64; i++) shared.add(new byte[262144]);\n"
        + "        BOX = new Box(new Object[] { shared });\n"
        + "        Mirror.COPY = shared;\n"
        + "        Keeper.OWN = Keeper.class.getClassLoader();\n"
        + "        return shared;\n"
        + "    }\n"
        + "}\n";
    static final String BOX = "package plugin;\n"
        + "public class Box { final Object[] items; Box(Object[] items) { this.items = items; } }\n";
    static final String MIRROR = "package plugin;\n"
        + "public class Mirror { public static Object COPY; }\n";
    static final String KEEPER = "package plugin;\n"
        + "public class Keeper { public static ClassLoader OWN; }\n";

    public static void main(String[] args) throws Exception {
        Path work = args.length > 1 ? Path.of(args[1]) : Path.of(args[0]).toAbsolutePath().getParent();
        Path src = work.resolve("plugin-src/plugin"), out = work.resolve("plugin-classes");
        Files.createDirectories(src);
        Files.createDirectories(out);
        String[] names = { "Store", "Box", "Mirror", "Keeper" };
        String[] sources = { STORE, BOX, MIRROR, KEEPER };
        String[] javacArgs = new String[names.length + 2];
        javacArgs[0] = "-d";
        javacArgs[1] = out.toString();
        for (int i = 0; i < names.length; i++) {
            Files.writeString(src.resolve(names[i] + ".java"), sources[i]);
            javacArgs[i + 2] = src.resolve(names[i] + ".java").toString();
        }
        if (ToolProvider.getSystemJavaCompiler().run(null, null, null, javacArgs) != 0) {
            throw new IllegalStateException("javac failed");
        }
        PluginLoader loader = new PluginLoader(new URL[] { out.toUri().toURL() });
        LOADER = loader;
        Method fill = Class.forName("plugin.Store", true, loader).getMethod("fill");
        loader.registry = fill.invoke(null);
        fill = null;
        loader = null;
        HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        bean.dumpHeap(args[0], true);
        System.out.println("dumped");
    }
}
