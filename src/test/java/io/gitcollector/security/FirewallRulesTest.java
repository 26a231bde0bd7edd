package io.gitcollector.security;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.util.UriUtils;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The firewall lets only the canonical spelling of a path through (FirewallTest sends them to the running service). */
class FirewallRulesTest {

    @Test
    void onlyTheCanonicalSpellingOfAPathPasses() {
        for (String path : List.of("/api/v1/collect/status/repo-0123456789abcdef", "/actuator/hawtio/",
                "/actuator/jolokia/read/org.apache.camel:context=x,name=%22health%22/State")) {
            assertThatCode(() -> SecurityConfig.firewall().getFirewalledRequest(request(path))).as(path).doesNotThrowAnyException();
        }
        for (String path : List.of("/actuator/health/../jolokia", "/actuator/health/..", "/a/./b", "/a/.", "/health;x",
                "/api//v1", "/a\\b", "/a/%2E%2E/b", "/a%2fb", "/a%5Cb", "/a%252fb")) {
            assertThatThrownBy(() -> SecurityConfig.firewall().getFirewalledRequest(request(path))).as(path)
                    .isInstanceOf(RequestRejectedException.class);
        }
    }

    /** As the container hands it over: the raw URI, and the servlet path decoded. */
    private static MockHttpServletRequest request(String rawPath) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", rawPath);
        request.setServletPath(UriUtils.decode(rawPath, StandardCharsets.UTF_8));
        return request;
    }
}
