package org.tbptt4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A saved model and the data file a command runs it on (a picocli mixin of evaluate, horizon and
 * predict). --data is required by every command but predict --sample, which {@link #file()} enforces.
 */
final class ModelInput {

    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "Model directory written by 'tbptt4j train' (or saved from Java with org.tbptt4j.Model).")
    Path model;

    @Option(names = "--data", paramLabel = "FILE", description = "Data file with the training data's format and columns, read and "
            + "scaled the way the model's was. Required (predict: except with --sample).")
    Path file;

    /** The command these options are mixed into, to name it in a message. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /** The model, loaded and checked. */
    LoadedModel load() throws IOException {
        return LoadedModel.load(model);
    }

    /** --data, which the command needs. */
    Path file() {
        if (file == null) {
            throw new UserErrors.UserError(mixee.name() + " runs " + model + " on a data file: give --data FILE");
        }
        return file;
    }
}
