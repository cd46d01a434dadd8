package fr.isoloir.demo.site;

/** A login that must be refused; its message is French and is shown to the voter (escaped). */
final class LoginFailure extends Exception {

    LoginFailure(String frenchMessage) {
        super(frenchMessage);
    }
}
