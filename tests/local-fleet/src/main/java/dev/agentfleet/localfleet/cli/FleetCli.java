package dev.agentfleet.localfleet.cli; public final class FleetCli { public static void main(String[] a) {} }
