package fr.isoloir.voterlist;

import java.util.Map;

/** A voter already in the realm, as the import compares it: its user id, identifier and the fields a file sets. */
public record ExistingVoter(String userId, String username, String employeeNumber, Map<String, String> fields) {}
