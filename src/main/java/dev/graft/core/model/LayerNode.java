package dev.graft.core.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A node of the layer tree (stage, block or layer) as {@code graft inspect} prints it and the
 * workbench shows it. Counts are tensor elements; BatchNorm running statistics are counted in
 * {@code parameters} but never in {@code trainableParameters}.
 *
 * @param name last path segment
 * @param path full dotted path (what {@code --freeze} prefixes match)
 * @param kind {@code stage}, {@code block}, {@code group} or a layer kind (conv, batch_norm, …)
 * @param parameters elements of all tensors below
 * @param trainableParameters elements that will train under the current plan
 * @param batchNormStatistics elements of BatchNorm running mean/variance below
 * @param frozen true when every layer below is frozen
 * @param outputShape output shape for one image, or null when unknown
 * @param tensors for layers: their tensors
 * @param children sub-nodes in forward order
 */
public record LayerNode(String name, String path, String kind, long parameters, long trainableParameters,
        long batchNormStatistics, boolean frozen, long[] outputShape, List<Tensor> tensors, List<LayerNode> children) {

    /**
     * One tensor of a layer.
     *
     * @param name short name (weight, bias, gamma, beta, runningMean, runningVar)
     * @param shape its shape
     * @param batchNormStatistic true for running mean/variance (never trained, but can drift)
     */
    public record Tensor(String name, long[] shape, boolean batchNormStatistic) {
        /** @return number of elements */
        public long size() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    /**
     * A leaf layer as the engine describes it.
     *
     * @param path dotted path
     * @param kind layer kind
     * @param outputShape output shape for one image, or null
     * @param tensors its tensors
     */
    public record Leaf(String path, String kind, long[] outputShape, List<Tensor> tensors) {}

    /**
     * Builds the tree of a network.
     *
     * @param leaves leaf layers in forward order
     * @param plan which leaves are frozen
     * @return the root (path "")
     */
    public static LayerNode tree(List<Leaf> leaves, FreezePlan plan) {
        return build("model", "", leaves, plan, 0);
    }

    private static LayerNode build(String name, String path, List<Leaf> leaves, FreezePlan plan, int depth) {
        if (leaves.size() == 1 && leaves.get(0).path().equals(path)) {
            Leaf leaf = leaves.get(0);
            long params = 0;
            long stats = 0;
            for (Tensor t : leaf.tensors()) {
                params += t.size();
                stats += t.batchNormStatistic() ? t.size() : 0;
            }
            boolean frozen = plan.isFrozen(leaf.path());
            return new LayerNode(name, path, leaf.kind(), params, frozen ? 0 : params - stats, stats, frozen,
                    leaf.outputShape(), leaf.tensors(), List.of());
        }
        // group leaves by their next path segment, keeping forward order
        List<String> keys = new ArrayList<>();
        List<List<Leaf>> groups = new ArrayList<>();
        for (Leaf leaf : leaves) {
            String rest = path.isEmpty() ? leaf.path() : leaf.path().substring(path.length() + 1);
            String key = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
            int i = keys.indexOf(key);
            if (i < 0) {
                keys.add(key);
                groups.add(new ArrayList<>());
                i = keys.size() - 1;
            }
            groups.get(i).add(leaf);
        }
        List<LayerNode> children = new ArrayList<>();
        long params = 0;
        long trainable = 0;
        long stats = 0;
        boolean frozen = true;
        for (int i = 0; i < keys.size(); i++) {
            String childPath = path.isEmpty() ? keys.get(i) : path + "." + keys.get(i);
            LayerNode child = build(keys.get(i), childPath, groups.get(i), plan, depth + 1);
            children.add(child);
            params += child.parameters();
            trainable += child.trainableParameters();
            stats += child.batchNormStatistics();
            frozen &= child.frozen();
        }
        String kind = depth == 0 ? "model" : depth == 1 ? "stage" : name.startsWith("block_") ? "block" : "group";
        long[] shape = children.get(children.size() - 1).outputShape();
        return new LayerNode(name, path, kind, params, trainable, stats, frozen, shape, List.of(), children);
    }
}
