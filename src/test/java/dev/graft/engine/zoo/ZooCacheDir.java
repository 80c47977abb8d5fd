package dev.graft.engine.zoo;

import java.nio.file.Path;

/** Points DJL's cache ({@code DJL_CACHE_DIR}) and Graft's zoo URL at test folders, and back. */
final class ZooCacheDir implements AutoCloseable {

    private final String oldCache = System.getProperty("DJL_CACHE_DIR");
    private final String oldUrl = System.getProperty(ZooSettings.URL_PROPERTY);

    ZooCacheDir(Path cache, java.net.URI url) {
        System.setProperty("DJL_CACHE_DIR", cache.toString());
        if (url != null) {
            System.setProperty(ZooSettings.URL_PROPERTY, url.toString());
        }
    }

    @Override
    public void close() {
        restore("DJL_CACHE_DIR", oldCache);
        restore(ZooSettings.URL_PROPERTY, oldUrl);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
