package org.tbptt4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tbptt4j.f32.Network;
import org.tbptt4j.model.CellType;
import org.tbptt4j.model.Initializer;
import org.tbptt4j.model.LossType;
import org.tbptt4j.model.ModelConfig;
import org.tbptt4j.model.Precision;
import org.tbptt4j.testing.Prerequisites;

/**
 * Loads a saved model into PyTorch and checks that it computes what the engine computes: the tensor
 * names, shapes, gate order and byte layout are then what PyTorch expects. Runs only where Debian's
 * system Python has torch; skipped elsewhere.
 */
class TorchInteropTest {

    private static final String PYTHON = "/usr/bin/python3";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * argv: model directory, inputs JSON (B x T x F); prints the outputs (B x T x O) as JSON. Reads the
     * safetensors file with the safetensors package if installed, else straight from the format.
     */
    private static final String SCRIPT = """
            import json
            import struct
            import sys


            def read_safetensors(path):
                \"""Returns {name: (shape, flat values)} and the metadata, parsed by the format's spec.\"""
                with open(path, "rb") as f:
                    raw = f.read()
                (n,) = struct.unpack("<Q", raw[:8])
                header = json.loads(raw[8:8 + n].decode("utf-8"))
                data = raw[8 + n:]
                metadata = header.pop("__metadata__", {})
                codes = {"F32": ("f", 4), "F64": ("d", 8)}
                out = {}
                for name, info in header.items():
                    code, size = codes[info["dtype"]]
                    begin, end = info["data_offsets"]
                    count = (end - begin) // size
                    out[name] = (info["shape"], struct.unpack("<%d%s" % (count, code), data[begin:end]))
                return out, metadata


            def load_state_dict(path):
                import torch
                try:
                    from safetensors.torch import load_file
                except ImportError:
                    tensors, metadata = read_safetensors(path)
                    assert metadata.get("format") == "pt", metadata
                    return {k: torch.tensor(v, dtype=torch.float32).reshape(s) for k, (s, v) in tensors.items()}
                return load_file(path)


            def main():
                import torch
                model_dir, inputs_path = sys.argv[1], sys.argv[2]
                with open(model_dir + "/config.json") as f:
                    m = json.load(f)["model"]
                sd = load_state_dict(model_dir + "/model.safetensors")
                cell = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn": torch.nn.RNN}[m["cell"]]
                rnn = cell(m["inputs"], m["hidden"], num_layers=m["layers"], batch_first=True)
                rnn.load_state_dict({k: v for k, v in sd.items() if not k.startswith(("head.", "embedding."))})
                head = torch.nn.Linear(m["hidden"], m["outputs"])
                head.load_state_dict({"weight": sd["head.weight"], "bias": sd["head.bias"]})
                with open(inputs_path) as f:
                    x = torch.tensor(json.load(f), dtype=torch.float32)
                with torch.no_grad():
                    y = head(rnn(x)[0])
                print(json.dumps(y.tolist()))


            if __name__ == "__main__":
                main()
            """;

    @TempDir
    Path tmp;

    @Test
    void pytorchComputesTheSameOutputsFromASavedLstm() throws Exception {
        Prerequisites.require(torchAvailable(), "skipped: needs PyTorch in Debian's system Python (" + PYTHON
                + " -c \"import torch\" fails); enable with: apt-get install python3-torch");
        ModelConfig c = ModelConfig.of(CellType.LSTM, 3, 5, 2, 2);
        Network net = new Network(c);
        net.setParameters(Initializer.pytorchDefault().initialise(c, 11));
        Path dir = tmp.resolve("model");
        ModelStore.save(dir, new SavedModel(c, LossType.MSE, Precision.F32, net.parametersAsDouble()));

        int batch = 2;
        int steps = 7;
        float[][][] x = inputs(batch, steps, c.inputs());
        Path inputs = tmp.resolve("inputs.json");
        Files.write(inputs, JSON.writeValueAsBytes(x));
        Path script = Files.writeString(tmp.resolve("forward.py"), SCRIPT);

        JsonNode torch = run(script, dir, inputs);

        float[][][] expected = forward(net, x);
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                for (int o = 0; o < c.outputs(); o++) {
                    assertThat(torch.get(b).get(t).get(o).doubleValue()).as("output [%d, %d, %d]", b, t, o)
                            .isCloseTo(expected[b][t][o], within(1e-5));
                }
            }
        }
    }

    /** The engine's outputs (B x T x O), step by step, without dropout. */
    private static float[][][] forward(Network net, float[][][] x) {
        int batch = x.length;
        int steps = x[0].length;
        int f = net.config.inputs();
        int o = net.config.outputs();
        Network.State state = net.newState(batch);
        Network.Step step = net.newStep(batch);
        float[] scratch = new float[net.scratchSize(batch)];
        float[] xt = new float[batch * f];
        float[] pred = new float[batch * o];
        float[][][] out = new float[batch][steps][o];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                System.arraycopy(x[b][t], 0, xt, b * f, f);
            }
            net.forwardStep(xt, 0, null, 0, state, step, null, scratch);
            net.headForward(step, pred, 0);
            for (int b = 0; b < batch; b++) {
                System.arraycopy(pred, b * o, out[b][t], 0, o);
            }
        }
        return out;
    }

    private static float[][][] inputs(int batch, int steps, int features) {
        SplittableRandom r = new SplittableRandom(3);
        float[][][] x = new float[batch][steps][features];
        for (float[][] row : x) {
            for (float[] step : row) {
                for (int i = 0; i < features; i++) {
                    step[i] = (float) r.nextDouble(-1, 1);
                }
            }
        }
        return x;
    }

    private JsonNode run(Path script, Path dir, Path inputs) throws IOException, InterruptedException {
        Path stderr = tmp.resolve("stderr.txt");
        Process p = new ProcessBuilder(PYTHON, script.toString(), dir.toString(), inputs.toString())
                .redirectError(stderr.toFile())
                .start();
        byte[] stdout = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the PyTorch script did not finish within 120 s");
        }
        assertThat(p.exitValue()).as("PyTorch script failed:%n%s", Files.readString(stderr)).isZero();
        return JSON.readTree(new String(stdout, StandardCharsets.UTF_8));
    }

    private static boolean torchAvailable() {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import torch")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
