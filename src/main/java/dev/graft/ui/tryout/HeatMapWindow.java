package dev.graft.ui.tryout;

import dev.graft.core.explain.Picture;
import dev.graft.engine.explain.Explanation;
import dev.graft.engine.explain.Overlay;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Toggle;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.image.ImageView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/**
 * A small window with one image and where the model looked, in the viridis colours of
 * {@link Overlay}: a button per class (the heat map of another class on a click), an opacity
 * slider, and the sentence saying how to read it or why there is nothing to draw. Results' worst
 * mistakes and the Label tab's pre-sorted inbox open it; what it shows is asked of a {@link Source}
 * (in the background: the window never waits on the model).
 */
public final class HeatMapWindow {

    /** Longer side of the picture shown (small icons are scaled up to it). */
    private static final double SHOWN = 420;
    /** Class buttons at most when the model's classes are offered (the likeliest ones). */
    public static final int MAX_CLASSES = 6;

    /**
     * A class the window offers.
     *
     * @param cls the model's class
     * @param label the button's text, or null for the class with its probability
     * @param id the button's node id, or null for "heatClass-" and the class
     */
    public record Choice(String cls, String label, String id) {

        /**
         * A class shown with its probability.
         *
         * @param cls the model's class
         * @return the choice
         */
        public static Choice of(String cls) {
            return new Choice(cls, null, null);
        }
    }

    /** Where the window's heat maps come from. */
    @FunctionalInterface
    public interface Source {
        /**
         * Explains the image for one class, answering on the UI thread.
         *
         * @param cls the class
         * @param done receives an explanation with a heat map
         * @param failed receives why there is none
         */
        void explain(String cls, Consumer<Explanation> done, Consumer<String> failed);
    }

    private final Source source;
    /** Classes to offer once the model answered (those it knows), or null for the first ones only. */
    private final List<String> alsoOffer;
    private final ToggleGroup classes = new ToggleGroup();
    private final FlowPane buttons = new FlowPane(6, 4);
    private final StackPane picture = new StackPane();
    private final Label note = new Label();
    private final Slider opacity = new Slider(0, 1, Overlay.DEFAULT_OPACITY);
    private final List<Choice> choices = new ArrayList<>();
    /** Numbers the requests: only the newest one's answer is drawn (a quick second click wins). */
    private long asked;

    private HeatMapWindow(Source source, List<String> alsoOffer) {
        this.source = source;
        this.alsoOffer = alsoOffer;
    }

    /**
     * Opens the window and asks for the first choice's heat map.
     *
     * @param owner a node of the window it belongs to
     * @param title the window's title
     * @param rootId the root node's id (for tests)
     * @param heading a line above the buttons, or null
     * @param first the classes offered at first; the first is shown
     * @param alsoOffer null to offer only {@code first}; otherwise, once the model answered, its
     *     likeliest other classes are offered too, and those of these classes it knows (a dataset's)
     * @param source computes the heat maps
     * @return the window
     */
    public static Stage show(Node owner, String title, String rootId, String heading, List<Choice> first,
            List<String> alsoOffer, Source source) {
        HeatMapWindow w = new HeatMapWindow(source, alsoOffer);
        first.forEach(w::add);
        return w.open(owner, title, rootId, heading);
    }

    private Stage open(Node owner, String title, String rootId, String heading) {
        picture.setMinSize(SHOWN, SHOWN);
        picture.setId("heatPicture");
        note.setWrapText(true);
        note.setMaxWidth(SHOWN);
        note.setId("heatNote");
        opacity.setId("heatOpacity");
        buttons.setPrefWrapLength(SHOWN);
        classes.selectedToggleProperty().addListener((o, was, now) -> {
            if (now == null) {
                was.setSelected(true); // one class is always shown
            } else {
                load((String) now.getUserData());
            }
        });
        VBox root = new VBox(8);
        if (heading != null) {
            Label h = new Label(heading);
            h.setWrapText(true);
            h.setMaxWidth(SHOWN);
            h.setId("heatHeading");
            root.getChildren().add(h);
        }
        root.getChildren().addAll(buttons, new HBox(8, new Label("Opacity"), opacity), picture, note);
        root.getStyleClass().add("page");
        root.setId(rootId);
        Stage stage = new Stage();
        stage.initOwner(owner.getScene().getWindow());
        stage.setTitle(title);
        Scene scene = new Scene(root);
        scene.getStylesheets().setAll(owner.getScene().getStylesheets());
        // a glance, then back to sorting: Escape closes it as it closes a menu
        scene.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, k -> {
            if (k.getCode() == javafx.scene.input.KeyCode.ESCAPE) {
                stage.close();
                k.consume();
            }
        });
        stage.setScene(scene);
        stage.show();
        classes.getToggles().get(0).setSelected(true); // asks for the first heat map
        return stage;
    }

    private void add(Choice c) {
        choices.add(c);
        ToggleButton b = new ToggleButton(c.label() != null ? c.label() : c.cls());
        b.setId(c.id() != null ? c.id() : "heatClass-" + c.cls().replaceAll("[^\\p{IsAlphabetic}\\p{IsDigit}_-]", "_"));
        b.setUserData(c.cls());
        b.getStyleClass().add("small");
        b.setToggleGroup(classes);
        buttons.getChildren().add(b);
    }

    private void load(String cls) {
        long mine = ++asked;
        picture.getChildren().setAll(new Label("Working…"));
        note.setText("");
        source.explain(cls, e -> {
            if (mine == asked) {
                draw(e);
            }
        }, text -> {
            if (mine == asked) {
                Label problem = new Label(text);
                problem.setWrapText(true);
                problem.setMaxWidth(SHOWN);
                problem.setId("heatProblem");
                picture.getChildren().setAll(problem);
                resize();
            }
        });
    }

    private void draw(Explanation e) {
        ImageView base = Pictures.shown(e.preview(), SHOWN);
        ImageView heat = Pictures.shown(Picture.ofHeat(e.heat(), e.preview().width(), e.preview().height()), SHOWN);
        heat.setId("heatOverlay");
        heat.opacityProperty().bind(opacity.valueProperty());
        picture.getChildren().setAll(base, heat);
        note.setText(HeatMaps.note(e));
        if (alsoOffer != null) {
            List<String> more = new ArrayList<>(HeatMaps.offered(e, choices.get(0).cls(), MAX_CLASSES));
            alsoOffer.stream().filter(e.classes()::contains).forEach(more::add);
            for (String c : more) {
                if (choices.stream().noneMatch(x -> x.cls().equals(c))) {
                    add(Choice.of(c));
                }
            }
            for (Toggle t : classes.getToggles()) {
                String c = (String) t.getUserData();
                Choice choice = choices.stream().filter(x -> x.cls().equals(c)).findFirst().orElseThrow();
                if (choice.label() == null && e.classes().contains(c)) {
                    ((ToggleButton) t).setText(HeatMaps.withProbability(e, c));
                }
            }
        }
        resize();
    }

    /** Room for a wrapped sentence or new class buttons. */
    private void resize() {
        if (picture.getScene() != null) {
            picture.getScene().getWindow().sizeToScene();
        }
    }
}
