package dev.agentfleet.localfleet.fleet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One launcher at a time per fleet directory: {@code up}, {@code demo} and {@code down} hold an OS file lock on
 * {@code <state dir>/lock} while they start or stop processes, so two of them cannot start two fleets (or stop one
 * half-way while the other starts it). The lock dies with its process, so a killed launcher never leaves it stuck.
 * The file holds the holder's PID, for the message the second caller gets.
 */
public final class FleetLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private FleetLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock or fails at once with a message naming the launcher that holds it. */
    public static FleetLock acquire(Path stateDir, String command) {
        Path file = stateDir.resolve("lock");
        FileChannel channel = null;
        try {
            Files.createDirectories(stateDir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this very JVM: the same answer as another process holding it
            }
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                throw new FleetException("another ./fleet (pid " + holder + ") is starting or stopping the fleet in "
                        + stateDir.getParent() + "; wait for it to finish, then ./fleet status", FleetException.USAGE);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + " " + command + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new FleetLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new FleetException("cannot lock " + file + ": " + e.getMessage(), FleetException.FAILED);
        }
    }

    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(64);
            channel.read(buffer, 0);
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? "unknown" : text.split("\\s+")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }
}
