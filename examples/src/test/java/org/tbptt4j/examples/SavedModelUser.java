package org.tbptt4j.examples;

import java.nio.file.Path;
import java.util.Locale;
import org.tbptt4j.Model;

/**
 * Run in a fresh JVM by {@link FrontDoorTest}: loads a saved model, evaluates it on a file and
 * predicts three steps. Prints {@code rmse R} and {@code next P1 P2 P3} (full precision).
 * Usage: {@code SavedModelUser model-dir data-file}.
 */
public final class SavedModelUser {
    public static void main(String[] args) throws Exception {
        Model model = Model.load(Path.of(args[0]));
        System.out.println("rmse " + model.evaluate(Path.of(args[1])).rmse());
        double[][] next = model.predict(FrontDoorTest.STEPS);
        System.out.println(String.format(Locale.ROOT, "next %s %s %s", next[0][0], next[1][0], next[2][0]));
    }
}
