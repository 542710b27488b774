package org.tbptt4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.tbptt4j.data.DataRecipe;
import org.tbptt4j.f32.Network;
import org.tbptt4j.io.ModelStore;
import org.tbptt4j.io.SavedModel;

/**
 * A model directory written by {@code tbptt4j train}, ready to run: its float32 network and the
 * recipe that prepares data the way it was trained.
 *
 * @param dir   the model directory
 * @param saved what the directory holds
 * @param net   the network with the saved weights
 * @param data  how its data is read, scaled and turned into sequences
 */
record LoadedModel(Path dir, SavedModel saved, Network net, DataRecipe data) {

    /** Loads and checks {@code dir}; a directory that is not a model gives a message saying what it lacks. */
    static LoadedModel load(Path dir) throws IOException {
        SavedModel m = ModelStore.load(dir);
        Network net = new Network(m.model());
        net.setParameters(m.params());
        if (m.data() == null) {
            throw new UserErrors.UserError("model " + dir + " has no data recipe (extra.data in config.json), so its data "
                    + "cannot be prepared the way it was trained; train it with 'tbptt4j train' or org.tbptt4j.Trainer, which "
                    + "save one");
        }
        return new LoadedModel(dir, m, net, m.data());
    }

    /** Stream rows the model was trained with (for running many sequences together). */
    int batch() {
        return Math.max(1, saved.extra().path("training").path("batch").asInt(16));
    }
}
