package com.example.embed;

import io.neuralstyle.image.ImageReader;
import io.neuralstyle.image.ImageWriter;
import io.neuralstyle.model.ModelStore;
import io.neuralstyle.model.Weights;
import io.neuralstyle.transfer.Result;
import io.neuralstyle.transfer.Settings;
import io.neuralstyle.transfer.StyleTransfer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Paints a photo in the style of a painting: the README's library example, as an application.
 *
 * <pre>PaintPhoto PHOTO PAINTING OUTPUT.png [WEIGHTS] [SIZE] [ITERATIONS]</pre>
 *
 * Without WEIGHTS, the weights come from NEURAL_STYLE_WEIGHTS or the user cache (downloaded once).
 */
public final class PaintPhoto {
    private PaintPhoto() {
    }

    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: PaintPhoto PHOTO PAINTING OUTPUT.png [WEIGHTS] [SIZE] [ITERATIONS]");
            System.exit(2);
        }
        Path photo = Path.of(args[0]);
        Path painting = Path.of(args[1]);
        Path output = Path.of(args[2]);
        Path weightsPath = args.length > 3 ? Path.of(args[3]) : null;
        int size = args.length > 4 ? Integer.parseInt(args[4]) : 256;
        int iterations = args.length > 5 ? Integer.parseInt(args[5]) : 300;

        // README:begin
        Weights weights = ModelStore.defaults().resolve(weightsPath); // read once; share it between runs
        Settings settings = Settings.builder().size(size).iterations(iterations).styleWeight(20).build();
        StyleTransfer transfer = StyleTransfer.builder().weights(weights).settings(settings).build(); // shareable
        AtomicBoolean stop = new AtomicBoolean(); // set it from any thread to stop the run
        Result result = transfer.run(transfer.request()
                .content(ImageReader.read(photo)).style(ImageReader.read(painting))
                .listener(progress -> {
                    System.out.println(progress.iteration() + " " + progress.losses().total());
                    return !stop.get(); // false stops the run; the result is then the best image so far
                }).build());
        ImageWriter.writePng(result.image(), output, settings.describe());
        // README:end
    }
}
