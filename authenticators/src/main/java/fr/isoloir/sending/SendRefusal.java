package fr.isoloir.sending;

import fr.isoloir.rest.ErrorResponse;
import jakarta.ws.rs.core.Response;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Why the sending API refuses a request: the error code, the field it is about (null: the request as a
 * whole), the key of its wording in the Espace's bundles (French and English, {@code messages_*.properties}
 * beside espace.js) and the English text of {@code error_description} for other clients.
 */
enum SendRefusal {
    CHANNEL("invalid_request", "channel", "sendRefused.channel", "Channel must be email, sms or both."),
    EMAIL_RATE(
            "invalid_request",
            "emailRate",
            "sendRefused.emailRate",
            "Emails per minute must be a whole number from 1 to %s."),
    SMS_RATE(
            "invalid_request", "smsRate", "sendRefused.smsRate", "SMS per minute must be a whole number from 1 to %s."),
    ACTIVE(
            "send_active",
            null,
            "sendRefused.active",
            "Another send is running or paused: only one send at a time; let it finish or cancel it first."),
    STATE("invalid_state", "state", "sendRefused.state", "This send is %s: it cannot do that."),
    NOT_FOUND("not_found", null, "sendRefused.notFound", "No such send in this realm.");

    private final String error;
    private final String field;
    private final String messageKey;
    private final String description;

    SendRefusal(String error, String field, String messageKey, String description) {
        this.error = error;
        this.field = field;
        this.messageKey = messageKey;
        this.description = description;
    }

    /** The answer: {@code error}, {@code error_description}, and {@code field}, {@code messageKey}, {@code parameters}. */
    Response response(Response.Status status, Object... parameters) {
        Map<String, Object> body = ErrorResponse.body(error, String.format(description, parameters));
        body.put("field", field);
        body.put("messageKey", messageKey);
        List<String> texts = Arrays.stream(parameters).map(String::valueOf).toList();
        body.put("parameters", texts);
        return ErrorResponse.of(status, body);
    }
}
