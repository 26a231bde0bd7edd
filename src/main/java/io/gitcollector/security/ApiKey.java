package io.gitcollector.security;

/** A configured API key: only the SHA-256 of the secret is kept, so nothing can print it. */
record ApiKey(String name, Role role, byte[] digest) {

    @Override
    public String toString() {
        return "ApiKey[" + name + ", " + role.label() + "]";
    }
}
