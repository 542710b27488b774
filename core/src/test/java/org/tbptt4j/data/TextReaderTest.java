package org.tbptt4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextReaderTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static String decode(SeriesSet set, int from, int to) {
        StringBuilder b = new StringBuilder();
        Series s = set.series().get(0);
        for (int t = from; t < to; t++) {
            b.append(set.vocabulary().get((int) s.at(t, 0)));
        }
        return b.toString();
    }

    @Test
    void tinyShakespeareMatchesTheReadme() throws IOException {
        SeriesSet set = TextReader.characters(Shared.datasets("tiny-shakespeare").resolve("input.txt"), null);
        assertThat(set.columns()).containsExactly("token");
        Series s = set.series().get(0);
        assertThat(s.id()).isEqualTo("input.txt");
        assertThat(s.length()).isEqualTo(1_115_394);
        assertThat(set.vocabulary()).hasSize(65);
        assertThat(set.vocabulary()).startsWith("\n", " ", "!").endsWith("y", "z");   // sorted, as char-rnn
        assertThat(decode(set, 0, 14)).isEqualTo("First Citizen:");
        // "First Citizen:\nBefore we proceed any further, hear me speak.\n\n": the first end is the '.'
        int dot = "First Citizen:\nBefore we proceed any further, hear me speak".length();
        assertThat(s.sentenceEnds()[0]).isEqualTo(dot);
        assertThat(s.sentenceEnds()).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void characterSentenceRule() throws IOException {
        String text = "Hi. Mr.X ok!\nWhy?\n\nAll:\n\nSo... end\n \nx";
        SeriesSet set = TextReader.characters(write("s.txt", text), null);
        // '.' at 2 (space follows), not the '.' of "Mr.X"; '!' at 11; '?' at 16; the blank line after "Why?" adds
        // nothing (already ended); "All:" ends at its line end 23; "So..." at its last '.', 29; "end" at its line
        // end 34 (the next line holds only a space); the final "x" has no end
        assertThat(set.series().get(0).sentenceEnds()).containsExactly(2, 11, 16, 23, 29, 34);
        assertThat(text.charAt(23)).isEqualTo('\n');
        assertThat(text.charAt(29)).isEqualTo('.');
        assertThat(text.charAt(34)).isEqualTo('\n');
    }

    @Test
    void charactersWithATrainingVocabulary() throws IOException {
        Vocabulary v = Vocabulary.of(TextReader.characters(write("train.txt", "abc\n"), null).vocabulary());
        assertThat(v.tokens()).containsExactly("\n", "a", "b", "c");
        SeriesSet set = TextReader.characters(write("valid.txt", "cab"), v);
        assertThat(set.series().get(0).values()).containsExactly(3, 1, 2);
        assertThatThrownBy(() -> TextReader.characters(write("bad.txt", "ab\nca d"), v))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("bad.txt:line 2, column 3: character ' ' (U+0020) is not in the vocabulary, which has no '<unk>'; "
                        + "rebuild the vocabulary from the training text, or add '<unk>' to it");
    }

    @Test
    void ptbValidMatchesTheReadme() throws IOException {
        Path d = Shared.datasets("ptb");
        SeriesSet train = TextReader.words(d.resolve("ptb.train.txt"), null);
        assertThat(train.series().get(0).length()).isEqualTo(929_589);
        assertThat(train.vocabulary()).hasSize(10_000).contains("<unk>", "<eos>");

        Vocabulary v = Vocabulary.of(train.vocabulary());
        SeriesSet valid = TextReader.words(d.resolve("ptb.valid.txt"), v);
        Series s = valid.series().get(0);
        assertThat(s.length()).isEqualTo(73_760);
        assertThat(s.sentenceEnds()).hasSize(3_370);
        assertThat(s.sentenceEnds()[3_369]).isEqualTo(73_759);
        for (int e : s.sentenceEnds()) {
            assertThat(v.token((int) s.at(e, 0))).isEqualTo("<eos>");
        }
        assertThat(valid.vocabulary()).isEqualTo(train.vocabulary());

        SeriesSet own = TextReader.words(d.resolve("ptb.valid.txt"), null);
        assertThat(own.series().get(0).length()).isEqualTo(73_760);
        assertThat(own.vocabulary().size()).isLessThan(10_000);
    }

    @Test
    void wordsInOrderOfFirstAppearance() throws IOException {
        SeriesSet set = TextReader.words(write("w.txt", " the cat \n\nthe  dog\n"), null);
        assertThat(set.vocabulary()).containsExactly("the", "cat", "<eos>", "dog");
        Series s = set.series().get(0);
        assertThat(s.values()).containsExactly(0, 1, 2, 2, 0, 3, 2);
        assertThat(s.sentenceEnds()).containsExactly(2, 3, 6);
    }

    @Test
    void unseenWordsMapToUnkOrFail() throws IOException {
        Vocabulary withUnk = Vocabulary.of(List.of("a", "<unk>", "<eos>"));
        Series s = TextReader.words(write("x.txt", "a b\n"), withUnk).series().get(0);
        assertThat(s.values()).containsExactly(0, 1, 2);

        Vocabulary noUnk = Vocabulary.of(List.of("a", "<eos>"));
        assertThatThrownBy(() -> TextReader.words(write("y.txt", "a\na a zebra\n"), noUnk))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("y.txt:line 2, column 3: word 'zebra' is not in the vocabulary, which has no '<unk>'; "
                        + "rebuild the vocabulary from the training text, or add '<unk>' to it");
    }

    @Test
    void vocabulary() {
        Vocabulary v = Vocabulary.sorted(List.of("b", "a", "c", "a"));
        assertThat(v.tokens()).containsExactly("a", "b", "c");
        assertThat(v.size()).isEqualTo(3);
        assertThat(v.id("c")).isEqualTo(2);
        assertThat(v.token(1)).isEqualTo("b");
        assertThat(v.idOrUnk("z")).isEqualTo(-1);
        assertThatThrownBy(() -> v.id("z")).hasMessageContaining("rebuild the vocabulary from the training text");
        assertThatThrownBy(() -> v.token(3)).hasMessageContaining("[0, 3)");
        assertThatThrownBy(() -> Vocabulary.of(List.of("a", "a"))).hasMessageContaining("appears twice");
        assertThat(Vocabulary.of(List.of("x", "<unk>")).id("never")).isEqualTo(1);
    }

    @Test
    void emptyText() throws IOException {
        assertThatThrownBy(() -> TextReader.characters(write("e.txt", ""), null))
                .isInstanceOf(DataFormatException.class).hasMessageStartingWith("e.txt: the file is empty");
        assertThatThrownBy(() -> TextReader.words(write("e2.txt", ""), null))
                .isInstanceOf(DataFormatException.class).hasMessageStartingWith("e2.txt: the file is empty");
    }
}
