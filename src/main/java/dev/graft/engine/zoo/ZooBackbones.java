package dev.graft.engine.zoo;

import ai.djl.Application;
import ai.djl.repository.zoo.ModelLoader;
import ai.djl.repository.zoo.ModelZoo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The ImageNet classifiers of DJL's PyTorch model zoo ({@code ai.djl.pytorch:pytorch-model-zoo}
 * 0.36.0, group {@code ai.djl.pytorch}, application {@code cv/image_classification}): the
 * {@code resnet} artifact (traced ResNet-18 and ResNet-50, ResNet-101) and
 * {@code resnet18_embedding} (ResNet-18 without its classifier). The zoo's other CV models detect,
 * segment or generate; its action-recognition ViT is a Hugging Face model that DJL's PyTorch engine
 * loads from a different format, not an ImageNet backbone.
 */
public final class ZooBackbones {

    /** The zoo's group id (DJL's PtModelZoo). */
    public static final String GROUP_ID = "ai.djl.pytorch";
    /** The version of every artifact Graft uses. */
    public static final String VERSION = "0.0.1";

    private static final String SYNSET_SHA1 = "e03a09a8336d75b7bb008748eadee253a30cb2c2";

    private static final String COMMON = " Input: RGB 224x224, ImageNet mean/std normalisation (DJL's metadata:"
            + " resize 256, centre crop 224; Graft resizes straight to the recipe's image size). Licence of the"
            + " zoo artifact (DJL metadata): Apache-2.0; the weights are torchvision's, trained on ImageNet, whose"
            + " terms restrict the data to non-commercial research: check before commercial use. TorchScript:"
            + " only 'freeze backbone' and 'train everything' are exact (the module switches train/eval mode as"
            + " a whole).";

    private static final String LOGITS = " The traced module includes torchvision's 1000-class classifier and"
            + " TorchScript cannot cut it off, so Graft's head reads the 1000 ImageNet class scores as features;"
            + " djl:resnet18_embedding ends at the 512 pooled features and is usually the better backbone.";

    /** Every zoo backbone, in catalogue order. */
    public static final List<ZooBackbone> ALL = List.of(
            new ZooBackbone("djl:resnet18_embedding", "resnet18_embedding", "resnet18_embedding", Map.of(),
                    "ResNet-18 features (ImageNet, TorchScript)", 11_176_512L, 512,
                    List.of(new ZooBackbone.RecordedFile("resnet18_embedding.zip", 41_574_720L,
                            "e37db339e87dc13ae0831e45818fca454f526ffb")),
                    "torchvision's ImageNet ResNet-18 traced without its classifier for DJL's model zoo"
                            + " (artifact ai.djl.pytorch:resnet18_embedding): the output is the 512 pooled"
                            + " features, which is what a new head wants." + COMMON),
            new ZooBackbone("djl:resnet18", "resnet", "traced_resnet18", Map.of("layers", "18"),
                    "ResNet-18 (ImageNet, TorchScript)", 11_689_512L, 1000,
                    List.of(new ZooBackbone.RecordedFile("synset.txt", 31_675L, SYNSET_SHA1),
                            new ZooBackbone.RecordedFile("traced_resnet18.pt.gz", 43_482_267L,
                                    "5f2090128b4dd2aac5bc7394ba4d46fe4a608a89")),
                    "torchvision's ImageNet ResNet-18 traced for DJL's model zoo (artifact"
                            + " ai.djl.pytorch:resnet, traced_resnet18)." + LOGITS + COMMON),
            new ZooBackbone("djl:resnet50", "resnet", "traced_resnet50", Map.of("layers", "50"),
                    "ResNet-50 (ImageNet, TorchScript)", 25_557_032L, 1000,
                    List.of(new ZooBackbone.RecordedFile("synset.txt", 31_675L, SYNSET_SHA1),
                            new ZooBackbone.RecordedFile("traced_resnet50.pt.gz", 95_229_629L,
                                    "dabcf25f827f4fa163a91899ea11f45e82c9fb60")),
                    "torchvision's ImageNet ResNet-50 traced for DJL's model zoo (artifact"
                            + " ai.djl.pytorch:resnet, traced_resnet50)." + LOGITS + COMMON),
            new ZooBackbone("djl:resnet101", "resnet", "resnet101_v1", Map.of("layers", "101"),
                    "ResNet-101 (ImageNet, TorchScript)", 44_549_160L, 1000,
                    List.of(new ZooBackbone.RecordedFile("resnet101_v1.tar.gz", 166_376_847L,
                            "e3d85c47c751ab23662b6f3eb04cc6215727994c")),
                    "ImageNet ResNet-101 for DJL's model zoo (artifact ai.djl.pytorch:resnet,"
                            + " resnet101_v1, an archive holding the TorchScript file)." + LOGITS + COMMON));

    private ZooBackbones() {}

    /**
     * Looks up a catalogue id.
     *
     * @param id e.g. {@code djl:resnet18}
     * @return the backbone, if it is one
     */
    public static Optional<ZooBackbone> find(String id) {
        return ALL.stream().filter(b -> b.id().equals(id)).findFirst();
    }

    /**
     * The image-classification artifact ids DJL's PyTorch zoo registers (read from the installed
     * {@code pytorch-model-zoo} jar through {@link ModelZoo}); a test checks that every backbone
     * Graft lists is among them.
     *
     * @return artifact ids, sorted
     */
    public static List<String> imageClassifiersInDjlZoo() {
        ModelZoo zoo = ModelZoo.getModelZoo(GROUP_ID);
        TreeSet<String> ids = new TreeSet<>();
        if (zoo != null) {
            for (ModelLoader loader : zoo.getModelLoaders()) {
                if (loader.getApplication().matches(Application.CV.IMAGE_CLASSIFICATION)) {
                    ids.add(loader.getArtifactId());
                }
            }
        }
        return List.copyOf(ids);
    }
}
