package fr.isoloir.dashboard;

import fr.isoloir.dashboard.Figures.Advice;
import fr.isoloir.dashboard.Figures.Delivery;

import java.util.ArrayList;
import java.util.List;

/**
 * What the election manager should do next, from the figures alone: the most pressing first. Each
 * piece of advice is a message key of the Espace gestionnaire's bundles with its numbers, so the page
 * says it in the manager's language ("142 identifiants en échec : corriger les adresses puis relancer
 * l'envoi"). Advice drawn from event figures (lockouts, events not recorded) is given only with them.
 */
final class NextSteps {

    private NextSteps() {}

    static List<Advice> of(Figures figures) {
        List<Advice> advice = new ArrayList<>();
        if (figures.voters().total() == 0) {
            advice.add(Advice.of("adviceImport"));
            return advice;
        }
        if ("closed".equals(figures.window().state())) {
            advice.add(Advice.of("adviceClosed"));
            return advice;
        }
        long failed = sum(figures, Delivery::failed);
        long uncertain = sum(figures, Delivery::uncertain);
        long never = sum(figures, Delivery::never);
        long pending = sum(figures, Delivery::pending);
        if (failed > 0) {
            advice.add(Advice.of("adviceFailed", failed));
        }
        if (uncertain > 0) {
            advice.add(Advice.of("adviceUncertain", uncertain));
        }
        if (never > 0) {
            advice.add(Advice.of("adviceSend", never));
        }
        if (pending > 0) {
            advice.add(Advice.of("advicePending", pending));
        }
        if (figures.letters().postalWithoutLetter() > 0) {
            advice.add(Advice.of("adviceLetters", figures.letters().postalWithoutLetter()));
        }
        if (figures.window().opensAt().isEmpty() || figures.window().closesAt().isEmpty()) {
            advice.add(Advice.of("adviceWindow"));
        }
        if (figures.lockouts().orElse(0L) > 0) {
            advice.add(Advice.of("adviceLockouts", figures.lockouts().get()));
        }
        if (figures.eventFiguresShown() && figures.logins().total().isEmpty()) {
            advice.add(Advice.of("adviceEvents"));
        }
        if (advice.isEmpty()) {
            advice.add(Advice.of("adviceNothing"));
        }
        return advice;
    }

    private static long sum(Figures figures, java.util.function.ToLongFunction<Delivery> count) {
        return figures.delivery().values().stream().mapToLong(count).sum();
    }
}
