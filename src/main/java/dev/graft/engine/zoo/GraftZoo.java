package dev.graft.engine.zoo;

import ai.djl.Application;
import ai.djl.repository.RemoteRepository;
import ai.djl.repository.Repository;
import ai.djl.repository.zoo.ModelZoo;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * DJL's PyTorch zoo as Graft uses it: the same {@link RemoteRepository}, group id and artifact
 * MRLs as {@code ai.djl.pytorch.zoo.PtModelZoo}, but with the repository URL taken from
 * {@link ZooSettings} at construction. DJL's own zoo reads {@code DJL_REPO_URL} once when its
 * class loads, so a repository chosen later (a user's mirror, the tests' server) needs its own
 * zoo instance; everything else, metadata, caching, downloading and SHA-1 checks, is DJL's.
 */
final class GraftZoo extends ModelZoo {

    private final RemoteRepository repository;

    GraftZoo(ZooSettings settings) {
        repository = new RemoteRepository("PyTorch", settings.repositoryUrl());
        Set<String> artifacts = new LinkedHashSet<>();
        ZooBackbones.ALL.forEach(b -> artifacts.add(b.artifactId()));
        for (String artifactId : artifacts) {
            addModel(repository.model(Application.CV.IMAGE_CLASSIFICATION, ZooBackbones.GROUP_ID, artifactId,
                    ZooBackbones.VERSION));
        }
    }

    Repository repository() {
        return repository;
    }

    @Override
    public String getGroupId() {
        return ZooBackbones.GROUP_ID;
    }

    @Override
    public Set<String> getSupportedEngines() {
        return Set.of("PyTorch");
    }
}
