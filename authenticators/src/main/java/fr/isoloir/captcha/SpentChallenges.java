package fr.isoloir.captcha;

import org.keycloak.models.SingleUseObjectProvider;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Challenges already answered, cluster-wide. The notes make a challenge single-use one post after
 * another; two posts racing on the same login could both read them before either removes them, and a
 * script would get several requests for one proof-of-work. Spending the challenge here is atomic
 * across nodes ({@code singleUseObjects().putIfAbsent}): only the first post counts.
 */
@FunctionalInterface
public interface SpentChallenges {

    /** True for the first caller only; the mark lasts as long as the challenge could be answered. */
    boolean spend(String challenge, Duration lifespan);

    static SpentChallenges of(SingleUseObjectProvider store) {
        return (challenge, lifespan) ->
                store.putIfAbsent("isoloir.challenge." + challenge, Math.max(1, lifespan.toSeconds()));
    }

    /** In memory, for unit tests. */
    static SpentChallenges inMemory() {
        Set<String> spent = ConcurrentHashMap.newKeySet();
        return (challenge, lifespan) -> spent.add(challenge);
    }
}
