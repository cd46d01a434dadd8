package fr.isoloir.testsupport;

import fr.isoloir.limits.VoterGuesses;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The voter's guessing budget as tests meet it: fixed quarter hours (UTC) per identifier and network,
 * the lockout page's words, and other client networks on loopback.
 */
public final class GuessingWindows {

    /** Wrong entries one network gets per quarter hour for one identifier. */
    public static final int PER_NETWORK_PER_QUARTER = 10;

    private static final long QUARTER_SECONDS = Duration.ofMinutes(15).toSeconds();

    private GuessingWindows() {}

    /**
     * Waits, when the current quarter hour has less than {@code needed} left, for the next one: a test that
     * counts the guesses of one window must not straddle two (the second would grant ten more).
     */
    public static void awaitRoomInQuarter(Duration needed) {
        Instant deadline = Instant.now().plus(needed).plusSeconds(5);
        while (Duration.between(Instant.now(), quarterEnd(Instant.now())).compareTo(needed) < 0) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no room in the quarter hour");
            }
            try {
                Thread.sleep(200); // waiting for the clock itself: there is no event to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** The end of the quarter hour {@code now} falls in. */
    public static Instant quarterEnd(Instant now) {
        return Instant.ofEpochSecond((now.getEpochSecond() / QUARTER_SECONDS + 1) * QUARTER_SECONDS);
    }

    /** The lockout page's message, in French, for a lockout ending at {@code until}. */
    public static String lockedOutUntil(Instant until) {
        return Messages.fr(VoterGuesses.MESSAGE, VoterGuesses.until(until, Locale.FRENCH));
    }

    /** Whether {@code message} is the lockout page's message, whatever its end. */
    public static boolean isLockoutMessage(String message) {
        String[] around = Messages.fr(VoterGuesses.MESSAGE, "\u0000").split("\u0000");
        return message != null && message.startsWith(around[0]) && message.endsWith(around[1]);
    }

    /** Another client network on this machine: 127.0.0.{n} (Linux routes all of 127/8 to loopback). */
    public static InetAddress loopback(int n) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) n});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
