package dev.agentfleet.testing.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.agentfleet.testing.process.Detached;
import dev.agentfleet.testing.process.FreePorts;
import dev.agentfleet.testing.tls.TestCertificates;

/**
 * A real Redis Cluster on loopback: {@code primaries} primaries with {@code replicas} replicas each, every node its own
 * {@code redis-server} process, optionally TLS only (certificates made for the run, {@link TestCertificates}). The
 * application authenticates as the {@code default} user (as Memorystore's IAM auth takes {@code AUTH <token>}) with a
 * password a test can rotate ({@link #rotatePassword}), the stand-in for short-lived tokens. Administration (creating
 * the cluster, failovers, resharding, ACLs) goes through {@code redis-cli} as the ACL user {@code admin}; replicas
 * authenticate to their primaries as it too.
 *
 * <p>Faults, as production has them: {@link #failover} promotes a replica (CLUSTER FAILOVER), {@link #kill} SIGKILLs a
 * node (its replica takes over after {@code cluster-node-timeout}), {@link #restart} brings a node back,
 * {@link #moveSlots} migrates a slot range between primaries and {@link #moveSlot} one chosen slot, slowly, while
 * clients use it.
 */
public final class RedisCluster implements TestRedis {

    private static final String ADMIN = "admin";
    private static final String ADMIN_PASSWORD = "cluster-admin-secret";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final int primaries;
    private final int replicas;
    private final boolean tls;
    private final boolean appendOnly;
    private final boolean detached;
    private final boolean keepData;
    private final String user;
    private final Path dir;
    private final List<ClusterNode> nodes = new ArrayList<>();
    private final Path binary;
    private final Path cliExecutable;
    private RedisCli cli;
    private TestCertificates certificates;
    private List<String> passwords;
    private final Path passwordFile;

    private RedisCluster(Builder b) {
        this.primaries = b.primaries;
        this.replicas = b.replicas;
        this.tls = b.tls;
        this.appendOnly = b.appendOnly;
        this.detached = b.detached;
        this.keepData = b.dataDir != null;
        this.user = b.user;
        this.passwords = new ArrayList<>(List.of(b.password));
        try {
            this.dir = b.dataDir != null ? Files.createDirectories(b.dataDir) : Files.createTempDirectory("agentfleet-redis-cluster-");
            this.passwordFile = dir.resolve("password");
            Files.writeString(passwordFile, b.password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RedisBinary redis = RedisBinary.resolve();
        this.binary = redis.executable();
        this.cliExecutable = binary.resolveSibling("redis-cli");
        if (!Files.isExecutable(cliExecutable)) {
            throw new IllegalStateException("a Redis Cluster needs redis-cli beside " + binary + " (Debian: redis-tools, which "
                    + "redis-server pulls in); the embedded binary has none");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts every node, creates the cluster and waits until every slot is served and every replica in sync. */
    public RedisCluster start() {
        if (tls) {
            certificates = TestCertificates.generate(dir.resolve("tls"));
        }
        cli = new RedisCli(cliExecutable, ADMIN, ADMIN_PASSWORD, tls ? certificates.authority() : null);
        if (!detached) { // a test JVM that dies before close() must not leave nodes behind
            Runtime.getRuntime().addShutdownHook(new Thread(() -> nodes.forEach(ClusterNode::kill), "stop-redis-cluster"));
        }
        for (int i = 0; i < primaries * (1 + replicas); i++) {
            ClusterNode node = new ClusterNode(FreePorts.find(), FreePorts.find(), dir.resolve("node-" + i));
            nodes.add(node);
            launch(node);
        }
        List<String> create = new ArrayList<>(List.of("--cluster", "create"));
        nodes.forEach(n -> create.add("127.0.0.1:" + n.port()));
        create.addAll(List.of("--cluster-replicas", String.valueOf(replicas), "--cluster-yes"));
        cli(nodes.get(0).port(), create.toArray(String[]::new));
        awaitHealthy();
        return this;
    }

    private void launch(ClusterNode node) {
        List<String> command = new ArrayList<>(detached ? Detached.prefix() : List.of());
        command.addAll(List.of(binary.toString(),
                "--bind", "127.0.0.1", "--protected-mode", "no", "--daemonize", "no", "--dir", node.dir().toString(),
                "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000",
                "--cluster-port", String.valueOf(node.busPort()),
                "--save", "", "--appendonly", appendOnly ? "yes" : "no", "--appendfsync", "everysec",
                "--masteruser", ADMIN, "--masterauth", ADMIN_PASSWORD,
                "--logfile", node.dir().resolve("redis.log").toString(),
                // Redis rewrites its command line: the pid file is how ./fleet down finds a node a killed launcher never recorded
                "--pidfile", dir.resolve("node-" + node.port() + ".pid").toString()));
        // ACL users, as separate words (one argument would be taken as one quoted name): the application's, and the admin
        command.addAll(List.of("--user", user, "on", "resetpass"));
        passwords.forEach(p -> command.add(">" + p));
        command.addAll(List.of("~*", "&*", "+@all"));
        command.addAll(List.of("--user", ADMIN, "on", ">" + ADMIN_PASSWORD, "~*", "&*", "+@all"));
        if (tls) {
            command.addAll(List.of("--port", "0", "--tls-port", String.valueOf(node.port()),
                    "--tls-cert-file", certificates.serverCertificate().toString(), "--tls-key-file", certificates.serverKey().toString(),
                    "--tls-ca-cert-file", certificates.authority().toString(), "--tls-auth-clients", "no",
                    "--tls-cluster", "yes", "--tls-replication", "yes"));
        } else {
            command.addAll(List.of("--port", String.valueOf(node.port())));
        }
        node.launch(command);
        await(() -> !node.alive() || "PONG".equals(tryCli(node.port(), "PING")), "node " + node.port() + " answers PING");
        if (!node.alive()) {
            throw new IllegalStateException("redis-server on " + node.port() + " exited: " + node.logTail());
        }
    }

    /**
     * Every slot served, every live node sees the cluster ok and the same {@code primaries} primaries, and every primary
     * has its live replicas connected.
     */
    public void awaitHealthy() {
        await(() -> nodes.stream().filter(ClusterNode::alive).allMatch(n -> {
            String info = tryCli(n.port(), "CLUSTER", "INFO");
            return info.contains("cluster_state:ok") && info.contains("cluster_slots_ok:16384")
                    && clusterNodes(n.port()).primaries() == primaries;
        }) && liveReplicasKnown() && primaryPorts().stream().allMatch(p -> replicaPorts(p).stream().allMatch(this::replicaInSync)),
                "the cluster is ok");
    }

    // ---- what clients need ---------------------------------------------------------------------------------------------

    /** The seed URIs ({@code rediss://127.0.0.1:port}, every node), for {@code quarkus.redis.hosts}; the password is apart. */
    public String hosts() {
        return String.join(",", nodes.stream().map(n -> (tls ? "rediss://" : "redis://") + "127.0.0.1:" + n.port()).toList());
    }

    public boolean tls() {
        return tls;
    }

    /** The PEM file clients trust (null without TLS). */
    public Path authority() {
        return certificates == null ? null : certificates.authority();
    }

    public String user() {
        return user;
    }

    /**
     * A file holding the application user's current password, as a mounted Secret would: {@link #rotatePassword}
     * writes the new one here before it revokes the old.
     */
    public Path passwordFile() {
        return passwordFile;
    }

    /** The application user's newest password. */
    public String password() {
        return passwords.get(passwords.size() - 1);
    }

    public List<ClusterNode> nodes() {
        return List.copyOf(nodes);
    }

    // ---- faults ---------------------------------------------------------------------------------------------------------

    /** Ports of the nodes that are primaries now. */
    public List<Integer> primaryPorts() {
        return clusterNodes().primaryPorts();
    }

    /** Ports of the live replicas of a primary. */
    public List<Integer> replicaPorts(int primaryPort) {
        return clusterNodes().replicaPorts(primaryPort);
    }

    /** Promotes a replica of {@code primaryPort} with CLUSTER FAILOVER (a planned failover) and waits for it. */
    public int failover(int primaryPort) {
        int replica = replicaPorts(primaryPort).get(0);
        await(() -> {
            if (!tryCli(replica, "ROLE").startsWith("master")) {
                // A manual failover that did not complete (the replica was still catching up) is simply asked for again
                tryCli(replica, "CLUSTER", "FAILOVER");
                sleep(Duration.ofSeconds(2));
            }
            return primaryPorts().contains(replica);
        }, "replica " + replica + " is a primary");
        awaitHealthy();
        return replica;
    }

    /** SIGKILLs a node, as a crash. */
    public void kill(int port) {
        node(port).kill();
    }

    /** Starts a killed node again on its port and data folder; it rejoins (as a replica, if it was failed over). */
    public void restart(int port) {
        ClusterNode node = node(port);
        if (!node.alive()) {
            launch(node);
        }
    }

    /** Moves {@code slots} slots from one primary to another with redis-cli's resharding (MIGRATE, key by key). */
    public void moveSlots(int fromPort, int toPort, int slots) {
        cli(fromPort, "--cluster", "reshard", "127.0.0.1:" + fromPort, "--cluster-from", nodeId(fromPort), "--cluster-to",
                nodeId(toPort), "--cluster-slots", String.valueOf(slots), "--cluster-yes");
        awaitHealthy();
    }

    /** The hash slot of a key (CLUSTER KEYSLOT). */
    public int slotOf(String key) {
        return Integer.parseInt(cli(primaryPorts().get(0), "CLUSTER", "KEYSLOT", key));
    }

    /** The port of the primary serving a slot now. */
    public int ownerOf(int slot) {
        return clusterNodes().ownerOf(slot);
    }

    /**
     * Moves one slot to another primary, {@code batch} keys at a time with {@code pause} between batches, so clients
     * using it meet ASK redirects and TRYAGAIN meanwhile ({@link SlotMigration}).
     */
    public void moveSlot(int slot, int toPort, int batch, Duration pause) {
        new SlotMigration(cli, batch, pause).move(slot, ownerOf(slot), toPort, primaryPorts());
        awaitHealthy();
    }

    /** Adds a new password for the application user on every node; connections and the old password keep working. */
    public void addPassword(String password) {
        passwords.add(password);
        nodes.stream().filter(ClusterNode::alive).forEach(n -> cli(n.port(), "ACL", "SETUSER", user, ">" + password));
    }

    /** Revokes a password on every node: new connections with it are refused, open ones stay authenticated. */
    public void revokePassword(String password) {
        passwords.remove(password);
        nodes.stream().filter(ClusterNode::alive).forEach(n -> cli(n.port(), "ACL", "SETUSER", user, "<" + password));
    }

    /**
     * What an expiring token amounts to: {@code next} is added on every node and written to {@link #passwordFile()};
     * after {@code clientsRefresh} (how often clients read the file) has passed twice, every other password is revoked,
     * so a connection opened from then on with an old one is refused. Open connections stay authenticated.
     */
    public void rotatePassword(String next, Duration clientsRefresh) {
        List<String> old = List.copyOf(passwords);
        addPassword(next);
        try {
            Files.writeString(passwordFile, next);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sleep(clientsRefresh.multipliedBy(2));
        old.forEach(this::revokePassword);
    }

    /** {@link #rotatePassword(String, Duration)} for clients that read the file every second. */
    public void rotatePassword(String next) {
        rotatePassword(next, Duration.ofSeconds(1));
    }

    @Override
    public Map<String, String> clientConfig() {
        return ClusterClientConfig.of(this);
    }

    /** One command as the admin on a live node, following redirects to the key's node; its output, trimmed. */
    @Override
    public String command(String... args) {
        int port = nodes.stream().filter(ClusterNode::alive).findFirst().orElseThrow(() -> new IllegalStateException("no node is alive")).port();
        List<String> all = new ArrayList<>(List.of("-c"));
        all.addAll(List.of(args));
        return cli(port, all.toArray(String[]::new));
    }

    /** Runs one command as the admin on a node (through redis-cli, TLS and all); its output, trimmed. */
    public String commandOn(int port, String... args) {
        return cli(port, args);
    }

    @Override
    public void close() {
        nodes.forEach(ClusterNode::kill);
        if (keepData) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }

    // ---- plumbing ---------------------------------------------------------------------------------------------------

    private ClusterNode node(int port) {
        return nodes.stream().filter(n -> n.port() == port).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node on port " + port));
    }

    private String nodeId(int port) {
        return tryCli(port, "CLUSTER", "MYID").trim();
    }

    /** Every live node that serves no slots is known as some primary's replica. */
    private boolean liveReplicasKnown() {
        return clusterNodes().liveReplicas() == nodes.stream().filter(ClusterNode::alive).count() - primaries;
    }

    /** A replica whose link to its primary is up and whose initial sync is over. */
    private boolean replicaInSync(int replicaPort) {
        String info = tryCli(replicaPort, "INFO", "replication");
        return info.contains("master_link_status:up") && info.contains("master_sync_in_progress:0");
    }

    /** CLUSTER NODES as seen by a live node. */
    private ClusterNodes clusterNodes() {
        ClusterNode seen = nodes.stream().filter(ClusterNode::alive).findFirst().orElseThrow(() -> new IllegalStateException("no node is alive"));
        return clusterNodes(seen.port());
    }

    private ClusterNodes clusterNodes(int viewer) {
        return ClusterNodes.parse(tryCli(viewer, "CLUSTER", "NODES"));
    }

    private String cli(int port, String... args) {
        return cli.run(port, args);
    }

    private String tryCli(int port, String... args) {
        return cli.poll(port, args);
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) {
        Polling.await(condition, START_TIMEOUT, what);
    }

    private static void sleep(Duration d) {
        Polling.sleep(d);
    }

    /** Options; defaults: 3 primaries with 1 replica each, TLS on, the application as user {@code default}, append-only on. */
    public static final class Builder {
        private int primaries = 3;
        private int replicas = 1;
        private boolean tls = true;
        private boolean appendOnly = true;
        private String user = "default";
        private String password = "initial-" + java.util.UUID.randomUUID();
        private boolean detached;
        private Path dataDir;

        public Builder primaries(int primaries) {
            this.primaries = primaries;
            return this;
        }

        public Builder replicas(int replicasPerPrimary) {
            this.replicas = replicasPerPrimary;
            return this;
        }

        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        public Builder appendOnly(boolean appendOnly) {
            this.appendOnly = appendOnly;
            return this;
        }

        /** Nodes in sessions of their own, outliving the JVM that started them ({@code ./fleet up}). */
        public Builder detached(boolean detached) {
            this.detached = detached;
            return this;
        }

        /** Where the nodes keep their data, certificates, password file and pid files (kept on close); a temp folder by default. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder user(String user, String password) {
            this.user = user;
            this.password = password;
            return this;
        }

        public RedisCluster start() {
            return new RedisCluster(this).start();
        }
    }
}
