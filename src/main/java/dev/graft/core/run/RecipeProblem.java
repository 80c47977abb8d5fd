package dev.graft.core.run;

/**
 * One thing wrong with a recipe.
 *
 * @param field the field it concerns
 * @param rule what the value must be, without the field's name ("must be between 1 and 10000")
 */
public record RecipeProblem(RecipeField<?> field, String rule) {

    /** @return the problem in command-line words ("--epochs must be between 1 and 10000") */
    public String forCommandLine() {
        return field.option() + " " + rule;
    }

    /** @return the problem in the form's words ("Epochs must be between 1 and 10000") */
    public String forForm() {
        return field.label() + " " + rule;
    }
}
