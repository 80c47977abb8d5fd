package dev.graft.engine.zoo;

import java.nio.file.Path;

/** Points DJL's cache ({@code DJL_CACHE_DIR}) and Graft's zoo URL at test folders, and back. */
final class ZooCacheDir implements AutoCloseable {

    private final String oldCache = System.getProperty("DJL_CACHE_DIR");
    private final String oldUrl = System.getProperty(ZooSettings.URL_PROPERTY);
    private final String oldEngine = System.getProperty("ENGINE_CACHE_DIR");

    ZooCacheDir(Path cache, java.net.URI url) {
        // the engine's natives stay where they are (they default to DJL's cache folder)
        System.setProperty("ENGINE_CACHE_DIR", ai.djl.util.Utils.getEngineCacheDir().toString());
        System.setProperty("DJL_CACHE_DIR", cache.toString());
        if (url != null) {
            System.setProperty(ZooSettings.URL_PROPERTY, url.toString());
        }
    }

    @Override
    public void close() {
        restore("DJL_CACHE_DIR", oldCache);
        restore(ZooSettings.URL_PROPERTY, oldUrl);
        restore("ENGINE_CACHE_DIR", oldEngine);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
