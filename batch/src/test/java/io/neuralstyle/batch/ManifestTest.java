package io.neuralstyle.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestTest {
    private static List<BatchItem> read(String csv) {
        return Manifest.read(new StringReader(csv), "jobs.csv", cell -> "/in/" + cell, cell -> "/out/" + cell);
    }

    @Test
    void rowsWithOutputsDefaultNamesAndOverrides() {
        List<BatchItem> items = read("content,style,output,style_weight,Size\n"
                + "a.jpg,starry.jpg,,30,\n"
                + "# a comment\n"
                + "\"b, c.jpg\",scream.png,mine.png,,256\n");
        assertEquals(2, items.size());
        assertEquals(new BatchItem("a-starry.png", "/in/a.jpg", "/in/starry.jpg", "/out/a-starry.png",
                Map.of("style-weight", "30")), items.get(0));
        assertEquals(new BatchItem("mine.png", "/in/b, c.jpg", "/in/scream.png", "/out/mine.png",
                Map.of("size", "256")), items.get(1));
    }

    @Test
    void aQualityColumnChoosesEachRowsPreset() {
        List<BatchItem> items = read("content,style,quality\na.jpg,b.jpg,draft\nc.jpg,d.jpg,\n");
        assertEquals(Map.of("quality", "draft"), items.get(0).overrides());
        assertEquals(Map.of(), items.get(1).overrides(), "an empty cell keeps the batch's");
        assertEquals(io.neuralstyle.transfer.Quality.DRAFT,
                io.neuralstyle.transfer.Settings.fromMap(items.get(0).overrides()).quality());
    }

    @Test
    void pairsAreEveryContentInEveryStyle() {
        List<BatchItem> items = Manifest.pairs(List.of("p/a.jpg", "p/b.png"), List.of("s/x.jpg", "s/y.jpg"),
                name -> "out/" + name);
        assertEquals(List.of("a-x.png", "a-y.png", "b-x.png", "b-y.png"), items.stream().map(BatchItem::name).toList());
        assertEquals("out/b-y.png", items.get(3).output());
    }

    @Test
    void unusableManifestsSayWhatToChange() {
        assertTrue(assertThrows(ManifestException.class, () -> read("content,style,stlye_weight\na.jpg,b.jpg,3\n"))
                .getMessage().contains("column 'stlye_weight' is neither content, style, output nor a setting"));
        assertTrue(assertThrows(ManifestException.class, () -> read("photo,painting\na.jpg,b.jpg\n"))
                .getMessage().contains("needs the columns content and style"));
        assertTrue(assertThrows(ManifestException.class, () -> read("content,style\n")).getMessage()
                .contains("has no rows"));
        assertTrue(assertThrows(ManifestException.class, () -> read("content,style\nx/a.jpg,b.jpg\ny/a.jpg,b.jpg\n"))
                .getMessage().contains("two pictures would be written to /out/a-b.png"));
        assertTrue(assertThrows(ManifestException.class, () -> Manifest.pairs(List.of("x/a.jpg", "y/a.jpg"),
                List.of("b.jpg"), n -> n)).getMessage().contains("two pictures would be written to a-b.png"));
    }

    @Test
    void aRowWithAnEmptyCellIsThatRowsFailureAndTheOthersStay() {
        List<BatchItem> items = read("content,style,output\na.jpg,,\n,b.jpg,named.png\nc.jpg,d.jpg,\n");
        assertEquals(3, items.size(), "every row is an item; the unusable ones carry their reason");
        assertEquals("jobs.csv line 2: the style cell is empty: name a painting", items.get(0).problem());
        assertEquals("line 2", items.get(0).name());
        assertEquals("jobs.csv line 3: the content cell is empty: name a photo", items.get(1).problem());
        assertEquals("named.png", items.get(1).name());
        assertEquals("", items.get(2).problem());
        assertEquals("/out/c-d.png", items.get(2).output());
    }

    @Test
    void aByteOrderMarkIsRead() {
        // A spreadsheet's "CSV UTF-8" starts with U+FEFF, invisible in an editor.
        List<BatchItem> items = read("\uFEFFcontent,style\na.jpg,b.jpg\n");
        assertEquals(1, items.size());
        assertEquals("/in/a.jpg", items.get(0).content());
    }

    @Test
    void anOutputOutsideTheOutputFolderIsRefusedForItsRow() {
        List<BatchItem> items = read("content,style,output\na.jpg,b.jpg,../escape.png\na.jpg,b.jpg,/tmp/abs.png\n"
                + "a.jpg,b.jpg,sub/../../x.png\na.jpg,b.jpg,C:\\x.png\na.jpg,b.jpg,sub/ok.png\na.jpg,b.jpg,x.jpg\n");
        for (int i = 0; i < 4; i++) {
            assertTrue(items.get(i).problem().contains("must stay inside the output folder"), items.get(i).problem());
            assertTrue(items.get(i).problem().startsWith("jobs.csv line " + (i + 2) + ": output "), items.get(i).problem());
        }
        assertEquals("", items.get(4).problem());
        assertEquals("/out/sub/ok.png", items.get(4).output());
        assertTrue(items.get(5).problem().contains("must end in .png"), items.get(5).problem());
    }
}
