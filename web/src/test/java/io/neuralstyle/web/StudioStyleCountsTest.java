package io.neuralstyle.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The studio refuses paintings, masks and blend weights that do not go together by the core's one
 * check (StyleInputs), as the command line does (ArtistOptionsTest, SettingsOptionsTest), each in
 * its own words: the studio's name its form's fields and settings keys, never a command-line option.
 */
class StudioStyleCountsTest {
    @TempDir
    Path data;
    private Studio studio;

    @AfterEach
    void stop() {
        if (studio != null) {
            studio.close();
        }
    }

    private String refused(StudioClient.Form form) throws Exception {
        HttpResponse<String> r = new StudioClient(studio).post("/api/jobs", form);
        assertEquals(400, r.statusCode(), r.body());
        String message = StudioClient.json(r.body()).get("error").asText();
        assertFalse(message.contains("--"), "the form's words, not the command line's: " + message);
        return message;
    }

    @Test
    void badMaskAndBlendCountsAreRefusedInTheFormsWords() throws Exception {
        studio = Studio.start(StudioClient.config(data));
        Path photo = StudioClient.image("tubingen.jpg");
        Path painting = StudioClient.image("starry_night.jpg");
        String m = refused(new StudioClient.Form().file("content", photo).file("style", painting)
                .file("style", painting).file("mask", photo));
        assertTrue(m.contains("1 masks for 2 paintings: give one mask per painting"), m);
        m = refused(new StudioClient.Form().file("content", photo).file("style", painting).file("style", painting)
                .field("settings", "{\"style-blend\": \"1,2,3\"}"));
        assertTrue(m.contains("style-blend: 3 weights for 2 paintings"), m);
        m = refused(new StudioClient.Form().file("content", photo).file("style", painting).file("mask", photo)
                .field("settings", "{\"style-blend\": \"1\"}"));
        assertTrue(m.contains("style-blend does not apply with masks"), m);
    }
}
