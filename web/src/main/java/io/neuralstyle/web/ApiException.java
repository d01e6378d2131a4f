package io.neuralstyle.web;

/** A request the API refuses: its HTTP status and one readable line for the client. */
final class ApiException extends RuntimeException {
    private final int status;

    ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    static ApiException notFound(String id) {
        return new ApiException(404, "no job " + id + ": list the jobs with GET /api/jobs");
    }
}
