package io.neuralstyle.web;

import io.javalin.http.sse.SseClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * What the clients watching one job see: its events as they happen, and on joining what came
 * before (the loss curve so far, the latest progress, the latest preview). Every tab watching the
 * same job gets the same events in the same order: all are sent from one sender thread, so the
 * worker never waits for a slow client.
 */
final class JobFeed {
    private final Executor sender;
    private final List<SseClient> clients = new CopyOnWriteArrayList<>();
    private final List<Double> losses = new ArrayList<>();
    private String lastProgress;
    private String lastStage;
    private String lastPreview;
    private String finalEvent;
    private String finalData;
    private volatile byte[] preview;

    JobFeed(Executor sender) {
        this.sender = sender;
    }

    /**
     * Adds a client: it is told the job as it is and what came before (the store's losses where this
     * feed has none: a job that ended before the server started); a feed that has ended tells its
     * last event and closes the client.
     */
    synchronized void subscribe(SseClient client, String jobJson, List<Double> storedLosses) {
        List<String[]> catchUp = new ArrayList<>();
        catchUp.add(new String[] {"status", jobJson});
        catchUp.add(new String[] {"history", Json.write(losses.isEmpty() ? storedLosses : List.copyOf(losses))});
        for (String[] e : new String[][] {{"stage", lastStage}, {"progress", lastProgress}, {"preview", lastPreview}}) {
            if (e[1] != null) {
                catchUp.add(e);
            }
        }
        boolean ended = finalEvent != null;
        if (ended) {
            catchUp.add(new String[] {finalEvent, finalData});
        } else {
            clients.add(client);
            client.onClose(() -> clients.remove(client));
        }
        sender.execute(() -> {
            for (String[] e : catchUp) {
                send(client, e[0], e[1]);
            }
            if (ended) {
                client.close();
            }
        });
    }

    synchronized void stage(String json) {
        lastStage = json;
        publish("stage", json);
    }

    /** A resumed run's curve so far: the losses its earlier runs saved. */
    synchronized void seed(List<Double> earlier) {
        losses.clear();
        losses.addAll(earlier);
    }

    /**
     * A progress event, and the iterations' total losses since the last one (for the curve), the
     * first of which is iteration {@code from + 1}: a run resumed from a checkpoint older than its
     * last iteration does the iterations after the checkpoint again, and their losses replace the old.
     */
    synchronized void progress(String json, int from, List<Double> newLosses) {
        place(losses, from, newLosses);
        lastProgress = json;
        publish("progress", json);
    }

    synchronized void preview(byte[] png, String json) {
        preview = png;
        lastPreview = json;
        publish("preview", json);
    }

    /** A status change that does not end the feed (queued, running). */
    synchronized void status(String jobJson) {
        publish("status", jobJson);
    }

    /** The job ended: every client gets {@code event} (done, failed, cancelled, interrupted) and is closed. */
    synchronized void end(String event, String jobJson) {
        finalEvent = event;
        finalData = jobJson;
        List<SseClient> leaving = List.copyOf(clients);
        clients.clear();
        sender.execute(() -> {
            for (SseClient c : leaving) {
                send(c, event, jobJson);
                c.close();
            }
        });
    }

    /** The latest preview as PNG, or null before the first. */
    byte[] latestPreview() {
        return preview;
    }

    /** Puts {@code added} at index {@code from} of {@code curve}: what was there after is dropped, a gap is null. */
    static void place(List<Double> curve, int from, List<Double> added) {
        if (curve.size() > from) {
            curve.subList(from, curve.size()).clear();
        }
        while (curve.size() < from) {
            curve.add(null);
        }
        curve.addAll(added);
    }

    synchronized List<Double> losses() {
        return List.copyOf(losses);
    }

    int clientCount() {
        return clients.size();
    }

    /** A comment line, so that idle connections are not timed out by proxies or the server. */
    void heartbeat() {
        for (SseClient c : clients) {
            sender.execute(() -> {
                try {
                    c.sendComment("keep-alive");
                } catch (RuntimeException e) {
                    clients.remove(c);
                }
            });
        }
    }

    private void publish(String event, String json) {
        for (SseClient c : clients) {
            sender.execute(() -> send(c, event, json));
        }
    }

    private void send(SseClient c, String event, String json) {
        if (c.terminated()) {
            clients.remove(c);
            return;
        }
        try {
            c.sendEvent(event, json);
        } catch (RuntimeException e) {
            // The client went away: it is dropped, the others go on.
            clients.remove(c);
        }
    }
}
