package dev.graft.engine.zoo;

import ai.djl.repository.zoo.ModelZoo;
import ai.djl.util.Utils;
import java.net.URI;
import java.util.Locale;

/**
 * Where the model zoo is and whether Graft may use the network for it.
 *
 * @param repositoryUrl base URL of the DJL model repository (DJL's {@code https://mlrepo.djl.ai/}
 *     unless {@code DJL_REPO_URL} or {@code graft.zooUrl} says otherwise)
 * @param offline true to never touch the network: only cached models are usable
 */
public record ZooSettings(URI repositoryUrl, boolean offline) {

    /** System property that overrides the repository URL (tests point it at 127.0.0.1). */
    public static final String URL_PROPERTY = "graft.zooUrl";
    /** System property (or environment variable {@code GRAFT_OFFLINE}) that forbids downloads. */
    public static final String OFFLINE_PROPERTY = "graft.offline";

    /** Checks the URL. */
    public ZooSettings {
        String scheme = repositoryUrl.getScheme() == null ? "" : repositoryUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("The model repository must be an http(s) URL, not " + repositoryUrl);
        }
        if (!repositoryUrl.getPath().endsWith("/")) {
            repositoryUrl = URI.create(repositoryUrl + "/");
        }
    }

    /**
     * The settings in force: {@code graft.zooUrl}/{@code GRAFT_ZOO_URL}, else DJL's repository
     * ({@code DJL_REPO_URL}); offline when {@code GRAFT_OFFLINE} says so, else when {@code
     * graft.offline} does, else when DJL's offline mode ({@code ai.djl.offline}/{@code DJL_OFFLINE})
     * is on. The environment comes first, as DJL does it: the installed app's launcher allows
     * downloads with {@code -Dgraft.offline=false}, and a user's {@code GRAFT_OFFLINE=true} still wins.
     *
     * @return the settings
     */
    public static ZooSettings current() {
        String url = System.getProperty(URL_PROPERTY, System.getenv("GRAFT_ZOO_URL"));
        URI uri = url == null || url.isBlank() ? ModelZoo.DJL_REPO_URL : URI.create(url.trim());
        String off = System.getenv("GRAFT_OFFLINE");
        if (off == null || off.isBlank()) {
            off = System.getProperty(OFFLINE_PROPERTY);
        }
        boolean offline = off == null || off.isBlank() ? Utils.isOfflineMode() : Boolean.parseBoolean(off.trim());
        return new ZooSettings(uri, offline);
    }

    /**
     * The same repository with the network allowed or not.
     *
     * @param off true for offline
     * @return the settings
     */
    public ZooSettings withOffline(boolean off) {
        return new ZooSettings(repositoryUrl, off);
    }
}
