package fr.isoloir.benchmark;

/**
 * A user the benchmark logs in: a voter (typed identifier, email or phone for the code) or a stock user
 * (username). {@code secret} is the passphrase or password; null for voters who have yet to choose one.
 */
record Account(String login, String email, String phone, String secret) {}
