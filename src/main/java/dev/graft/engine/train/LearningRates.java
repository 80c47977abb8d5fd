package dev.graft.engine.train;

import ai.djl.nn.Parameter;
import ai.djl.training.tracker.CosineTracker;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import dev.graft.core.run.Recipe;
import dev.graft.engine.net.GraftNet;
import java.util.HashSet;
import java.util.Set;

/**
 * The learning rate of every update: the recipe's schedule (cosine decay to 1 % by default), and
 * for trainable backbone layers a fraction of the head's rate. A new head starts random and needs
 * large steps; pretrained layers need small ones or they forget what made them worth reusing.
 */
final class LearningRates implements Tracker {

    private final Tracker schedule;
    private final Set<String> backboneIds;
    private final float backboneScale;
    private final float headScale;

    private LearningRates(Tracker schedule, Set<String> backboneIds, float backboneScale, float headScale) {
        this.schedule = schedule;
        this.backboneIds = backboneIds;
        this.backboneScale = backboneScale;
        this.headScale = headScale;
    }

    /**
     * The recipe's rates: the head at {@code --lr}, trainable backbone layers at
     * {@code --lr × --backbone-lr-scale}.
     *
     * @param recipe the recipe
     * @param net the network
     * @param totalSteps optimiser steps of the phase (the schedule's length)
     * @return the rates
     */
    static LearningRates of(Recipe recipe, GraftNet net, int totalSteps) {
        return of(recipe, net, totalSteps, 1f);
    }

    /**
     * The recipe's rates with the head's scaled (after a head warm-up the head needs no large
     * steps any more).
     *
     * @param recipe the recipe
     * @param net the network
     * @param totalSteps optimiser steps of the phase
     * @param headScale factor on the head's rate
     * @return the rates
     */
    static LearningRates of(Recipe recipe, GraftNet net, int totalSteps, float headScale) {
        Tracker schedule = "cosine".equals(recipe.schedule())
                ? CosineTracker.builder().setBaseValue(recipe.lr()).optFinalValue(recipe.lr() * 0.01f)
                        .setMaxUpdates(Math.max(1, totalSteps)).build()
                : Tracker.fixed(recipe.lr());
        Set<String> head = new HashSet<>();
        for (Pair<String, Parameter> p : net.head().getParameters()) {
            head.add(p.getValue().getId());
        }
        Set<String> backbone = new HashSet<>();
        for (Pair<String, Parameter> p : net.network().getParameters()) {
            if (!head.contains(p.getValue().getId())) {
                backbone.add(p.getValue().getId());
            }
        }
        return new LearningRates(schedule, backbone, recipe.backboneLrScale(), headScale);
    }

    @Override
    public float getNewValue(int numUpdate) {
        return schedule.getNewValue(numUpdate);
    }

    @Override
    public float getNewValue(String parameterId, int numUpdate) {
        float lr = schedule.getNewValue(numUpdate);
        return backboneIds.contains(parameterId) ? lr * backboneScale : lr * headScale;
    }
}
