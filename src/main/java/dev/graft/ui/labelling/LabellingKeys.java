package dev.graft.ui.labelling;

import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

/**
 * The labelling view's keys: 1-9 put the selected images in the class with that number, Enter
 * accepts the model's predictions for them, A reviews a sure group (Shift+A all of them; Enter
 * then moves them, Escape does not), Delete sends them to the trash, F2 renames the class shown,
 * H shows where the model looked in the selected inbox image, Ctrl+A selects every image shown. Separate from {@link LabellingController} so that the whole
 * key map is in one place; it leaves alone keys typed into a field and the window's own shortcuts.
 *
 * @param vm what the keys ask for
 * @param renameClass asks for the shown class's new name (F2)
 * @param heatMap opens the selected image's heat map (H)
 */
record LabellingKeys(LabellingViewModel vm, Runnable renameClass, Runnable heatMap) {

    /**
     * A key pressed anywhere in the view (an event filter): consumed when it is one of the keys.
     *
     * @param e the key event
     */
    void pressed(KeyEvent e) {
        if (e.getTarget() instanceof TextInputControl) {
            return; // typing a name: its own keys (Enter creates the class, Ctrl+A selects the text)
        }
        if (e.isShortcutDown() && !e.isAltDown() && !e.isShiftDown() && e.getCode() == KeyCode.A) {
            vm.selectAll();
            e.consume();
            return;
        }
        if (e.isShortcutDown() || e.isAltDown()) {
            return; // a window shortcut (Ctrl+1…7, Ctrl+Z)
        }
        KeyCode k = e.getCode();
        if (vm.reviewProperty().get() != null && (k == KeyCode.ENTER || k == KeyCode.ESCAPE)) {
            if (k == KeyCode.ENTER) {
                vm.confirmReview();
            } else {
                vm.cancelReview();
            }
            e.consume();
            return;
        }
        int digit = k.isDigitKey() ? digit(k) : -1;
        if (digit >= 1 && digit <= LabellingViewModel.KEYS) {
            vm.assignKey(digit);
        } else if (k == KeyCode.ENTER) {
            vm.acceptSelected();
        } else if (k == KeyCode.A) {
            if (e.isShiftDown()) {
                vm.acceptAllConfident();
            } else {
                vm.acceptGroupOfSelection();
            }
        } else if (k == KeyCode.DELETE || k == KeyCode.BACK_SPACE) {
            vm.trashSelected();
        } else if (k == KeyCode.F2) {
            renameClass.run();
        } else if (k == KeyCode.H) {
            heatMap.run();
        } else {
            return;
        }
        e.consume();
    }

    private static int digit(KeyCode k) {
        String name = k.getName(); // "1", "Numpad 1"
        char c = name.charAt(name.length() - 1);
        return Character.isDigit(c) ? c - '0' : -1;
    }
}
