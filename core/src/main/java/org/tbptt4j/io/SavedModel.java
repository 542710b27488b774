package org.tbptt4j.io;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tbptt4j.data.DataRecipe;
import org.tbptt4j.model.LossType;
import org.tbptt4j.model.ModelConfig;
import org.tbptt4j.model.ParamLayout;
import org.tbptt4j.model.Precision;

/**
 * Everything a saved model holds: its shape, the loss it was trained with, the engine precision, the
 * parameters (laid out by {@link ParamLayout} of {@code model}, in double precision whatever the
 * engine), the data recipe (how its data is read, scaled and cut; null for a model without one) and
 * free-form JSON ({@code extra}) for what else is kept with a model (how it was trained, a summary).
 * {@link ModelStore} writes the recipe under {@code extra.data} and reads it back into {@code data}.
 *
 * <p>The record does not copy {@code params}: it refers to the caller's array (models can be large);
 * for the same reason its {@code equals} compares that array by identity, not by content.
 *
 * @param model     the model's shape
 * @param loss      the loss it is trained with
 * @param precision the engine precision; with {@link Precision#F32} the parameters are stored as float32
 * @param params    all parameters, {@code new ParamLayout(model).size()} of them
 * @param extra     free-form JSON object; an empty object when none is given (never null); its
 *                  {@code data} key, if any, is replaced by {@code data} when saved
 * @param data      how the model's data is prepared, or null
 */
public record SavedModel(ModelConfig model, LossType loss, Precision precision, double[] params, ObjectNode extra,
                         DataRecipe data) {

    public SavedModel {
        if (model == null || loss == null || precision == null || params == null) {
            throw new IllegalArgumentException("a saved model needs a model config, a loss, a precision and parameters");
        }
        int expected = new ParamLayout(model).size();
        if (params.length != expected) {
            throw new IllegalArgumentException("this model has " + expected + " parameters, got " + params.length);
        }
        if (extra == null) {
            extra = JsonNodeFactory.instance.objectNode();
        }
    }

    /** A model without a data recipe. */
    public SavedModel(ModelConfig model, LossType loss, Precision precision, double[] params, ObjectNode extra) {
        this(model, loss, precision, params, extra, null);
    }

    /** A model without extra data. */
    public SavedModel(ModelConfig model, LossType loss, Precision precision, double[] params) {
        this(model, loss, precision, params, null, null);
    }
}
