import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/// An annotation processor that holds javac still in its last round, with every parsed and attributed tree of the
/// compilation alive, so that jcmd can take the class histogram and the heap dump of a real compiler's live set.
/// It prints "ready PID" on stderr and waits until its standard input closes (used by jvm_real_programs.sh).
@SupportedAnnotationTypes("*")
public class HoldJavac extends AbstractProcessor {
    @Override public SourceVersion getSupportedSourceVersion() { return SourceVersion.latestSupported(); }

    @Override public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        if (!round.processingOver()) return false;
        System.err.println("ready " + ProcessHandle.current().pid());
        System.err.flush();
        try {
            while (System.in.read() >= 0) { }
        } catch (java.io.IOException e) { }
        return false;
    }
}
