package org.tbptt4j.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tbptt4j.data.DataSpec;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.data.Sequence;

class TokenBaselinesTest {

    @Test
    void theUnigramIsTheAddOneFrequencyAndTheBigramTheDiscountedNextTokenCount(@TempDir Path dir) throws Exception {
        // "abc" repeated: after a comes b, after b c, after c a; the training part fixes every count
        Path f = Files.writeString(dir.resolve("abc.txt"), "abc".repeat(100));
        Preparation prep = Preparation.prepare(DataSpec.of(f, DataSpec.Format.CHARS));
        List<Baseline<TokenScore>> all = TokenBaselines.evaluate(prep);
        assertThat(all).extracting(Baseline::name).containsExactly("unigram", "bigram");
        int V = prep.vocabulary().size();
        long n = 0;
        long[] c = new long[V];
        long[] after = new long[V];   // c(v): training steps whose current token is v
        for (Sequence q : prep.train()) {
            for (int t = 0; t < q.length(); t++) {
                c[(int) q.y()[t]]++;
                after[(int) q.x()[t]]++;
                n++;
            }
        }
        double uni = 0;
        double bi = 0;
        long count = 0;
        for (Sequence q : prep.validation()) {
            for (int t = 0; t < q.length(); t++) {
                int v = (int) q.x()[t];
                int w = (int) q.y()[t];
                uni -= Math.log((c[w] + 1.0) / (n + V));
                // one follower per token: c(v, w) = c(v); P_cont(w) = (1 + 1) / (3 bigram types + V)
                bi -= Math.log((after[v] - TokenBaselines.DISCOUNT + TokenBaselines.DISCOUNT * (2.0 / (3 + V))) / after[v]);
                count++;
            }
        }
        assertThat(all.get(0).validation().count()).isEqualTo(count);
        assertThat(all.get(0).validation().nats()).isCloseTo(uni / count, within(1e-12));
        assertThat(all.get(1).validation().nats()).isCloseTo(bi / count, within(1e-12));
        assertThat(all.get(1).validation().bitsPerToken()).isLessThan(0.05);           // all but certain of the next letter
        assertThat(all.get(0).validation().perplexity()).isCloseTo(3, within(0.05));   // three letters, equally frequent
        assertThat(all.get(1).test().count()).isEqualTo(prep.test().get(0).length());
    }

    @Test
    void onShakespeareTheBigramBeatsTheUnigram() throws Exception {
        Preparation prep = Preparation.prepare(DataSpec.of(Path.of("../data/tiny-shakespeare/input.txt"), DataSpec.Format.CHARS));
        List<Baseline<TokenScore>> all = TokenBaselines.evaluate(prep);
        // character unigram and bigram entropies of English text: about 4.5 and 3.3 bits
        assertThat(all.get(0).validation().bitsPerToken()).isBetween(4.0, 5.0);
        assertThat(all.get(1).validation().bitsPerToken()).isBetween(3.0, 3.8);
        assertThat(all.get(1).test().bitsPerToken()).isLessThan(all.get(0).test().bitsPerToken());
    }

    @Test
    void numbersHaveNoTokenBaselines() throws Exception {
        Preparation prep = Preparation.prepare(DataSpec.of(Path.of("../data/mackey-glass-t17/MackeyGlass_t17.txt")));
        assertThatThrownBy(() -> TokenBaselines.evaluate(prep)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("language-modelling task");
    }
}
