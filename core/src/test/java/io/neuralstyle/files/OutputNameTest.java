package io.neuralstyle.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** CONTENT-STYLE.png, written once for every front end. */
class OutputNameTest {
    @Test
    void namesAResultByItsPhotoAndPainting() {
        assertEquals("photo-starry.night.png", OutputName.of("in/photo.jpg", "s3://bucket/art/starry.night.png"));
        assertEquals("photo-art.png", OutputName.of("photo", "art/"));
        assertEquals(".hidden-b.png", OutputName.of(".hidden", "b.jpg"));
    }

    @Test
    void aLocationsFileNameIsWhatFollowsItsLastSlash() {
        assertEquals("starry.night.png", OutputName.fileName("s3://bucket/art/starry.night.png"));
        assertEquals("art", OutputName.fileName("art/"));
        assertEquals("photo.jpg", OutputName.fileName("photo.jpg"));
    }
}
