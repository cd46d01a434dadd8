package fr.isoloir.delivery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny TCP server standing in for a broken SMTP server: it accepts connections, then either closes
 * them at once (a dropped connection) or keeps them open without a word (a server that stalls).
 */
final class MisbehavingServer implements AutoCloseable {

    enum Behaviour {
        DROP,
        STALL
    }

    private final ServerSocket socket;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private volatile int accepted;

    private MisbehavingServer(Behaviour behaviour) throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(
                () -> {
                    while (!socket.isClosed()) {
                        try {
                            Socket connection = socket.accept();
                            accepted++;
                            if (behaviour == Behaviour.DROP) {
                                connection.close();
                            } else {
                                held.add(connection);
                            }
                        } catch (IOException closed) {
                            return;
                        }
                    }
                },
                "misbehaving-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static MisbehavingServer start(Behaviour behaviour) throws IOException {
        return new MisbehavingServer(behaviour);
    }

    int port() {
        return socket.getLocalPort();
    }

    int accepted() {
        return accepted;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket connection : held) {
            connection.close();
        }
    }
}
