package dev.graft.testing;

import com.sun.javafx.scene.input.DragboardHelper;
import com.sun.javafx.tk.TKClipboard;
import java.nio.file.Path;
import java.security.AccessControlContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.scene.image.Image;
import javafx.scene.input.DataFormat;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.util.Pair;

/**
 * A real {@link Dragboard} holding files as a file manager's drag delivers them: the platform's
 * side of a drag (the toolkit clipboard glass fills from the OS) is replaced by this in-memory
 * one, offering copy, move and link as file managers do. JavaFX's own {@code LocalClipboard}
 * cannot serve here: it refuses to name transfer modes, which every drop target asks for.
 */
public final class FileManagerDragboard implements TKClipboard {

    private final Map<DataFormat, Object> content = new HashMap<>();

    private FileManagerDragboard(List<Path> files) {
        content.put(DataFormat.FILES, files.stream().map(Path::toFile).toList());
    }

    /**
     * @param files what the user drags out of the file manager
     * @return the drag board a drop event carries
     */
    public static Dragboard of(List<Path> files) {
        return DragboardHelper.createDragboard(new FileManagerDragboard(files));
    }

    @Override
    public void setSecurityContext(AccessControlContext ctx) {
    }

    @Override
    public Set<DataFormat> getContentTypes() {
        return Set.copyOf(content.keySet());
    }

    @Override
    @SafeVarargs
    public final boolean putContent(Pair<DataFormat, Object>... items) {
        throw new IllegalStateException("a file manager's drag board is read-only for the drop target");
    }

    @Override
    public Object getContent(DataFormat format) {
        Object o = content.get(format);
        return o instanceof List<?> l ? List.copyOf(l) : o;
    }

    @Override
    public boolean hasContent(DataFormat format) {
        return content.containsKey(format);
    }

    @Override
    public Set<TransferMode> getTransferModes() {
        return Set.of(TransferMode.COPY, TransferMode.MOVE, TransferMode.LINK);
    }

    @Override
    public void setDragView(Image image) {
    }

    @Override
    public void setDragViewOffsetX(double offsetX) {
    }

    @Override
    public void setDragViewOffsetY(double offsetY) {
    }

    @Override
    public Image getDragView() {
        return null;
    }

    @Override
    public double getDragViewOffsetX() {
        return 0;
    }

    @Override
    public double getDragViewOffsetY() {
        return 0;
    }
}
