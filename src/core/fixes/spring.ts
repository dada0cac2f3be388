// Spring Boot 3 / Spring Security 6: a UrlBasedCorsConfigurationSource bean picked up by http.cors().
// Compiled against Spring Framework 6 / Security 6 signatures by test/core/fixes-strict-php-jvm.test.ts.
import type { FixContext } from './fix-context';
import type { StackModule } from './fix';
import { dq, dqList } from './literals';
import { genericPitfall } from './pitfall';

function pitfall(ctx: FixContext): string {
  switch (ctx.kind) {
    case 'preflight-auth':
      return 'Spring Security runs before Spring MVC\'s @CrossOrigin / WebMvcConfigurer CORS handling, so without `http.cors(...)` the credential-less preflight gets 401/403 from the security filter chain.';
    case 'origin-mismatch':
    case 'method-not-allowed':
    case 'header-not-allowed':
    case 'preflight-no-route':
      return 'Spring\'s CorsProcessor answers 403 `Invalid CORS request` when the origin, method or a requested header is not in the CorsConfiguration; unset allowed methods mean GET, HEAD and POST for @CrossOrigin and addCorsMappings, but GET and HEAD only for a CorsConfiguration you create.';
    case 'wildcard-credentials':
      return '`allowedOrigins("*")` with `allowCredentials(true)` is rejected by Spring at startup or per request; list the origins (or use allowedOriginPatterns for a vetted pattern).';
    case 'multiple-origins':
      return 'Both a CorsFilter/@CrossOrigin and a gateway or proxy add Access-Control-Allow-Origin; keep CORS in one layer (Spring Cloud Gateway: DedupeResponseHeader).';
    default:
      return genericPitfall(ctx);
  }
}

export const spring: StackModule = {
  id: 'spring',
  name: 'Spring Boot (Spring Security cors())',
  language: 'java',
  build(ctx) {
    const cfg = [
      '        // Exact origins; a match is echoed and `Vary: Origin` added.',
      `        config.setAllowedOrigins(List.of(${dq(ctx.origin)}));`,
      // CorsConfiguration#setAllowedMethods javadoc: "If not set, only GET and HEAD are allowed";
      // GET, HEAD, POST is applyPermitDefaultValues', which @CrossOrigin and addCorsMappings use.
      '        // Unset, a new CorsConfiguration allows GET and HEAD only (@CrossOrigin: GET, HEAD, POST).',
      `        config.setAllowedMethods(List.of(${dqList(ctx.methods)}));`,
    ];
    if (ctx.headers.length > 0) cfg.push(`        config.setAllowedHeaders(List.of(${dqList(ctx.headers)}));`);
    if (ctx.credentials) cfg.push('        // The page sends cookies: named origins plus this, never "*".', '        config.setAllowCredentials(true);');
    if (ctx.exposeHeaders.length > 0) cfg.push(`        config.setExposedHeaders(List.of(${dqList(ctx.exposeHeaders)}));`);
    if (ctx.preflight) cfg.push('        // Seconds the browser reuses this preflight (Chromium caps it at 7200).', `        config.setMaxAge(Duration.ofSeconds(${ctx.maxAge}));`);
    const snippet = [
      // Duration only where setMaxAge uses it: an unused import is what javac -Xlint and every
      // Java linter point at first (test/core/fixes-strict-php-jvm.test.ts).
      ...(ctx.preflight ? ['import java.time.Duration;'] : []),
      'import java.util.List;',
      '',
      'import org.springframework.context.annotation.Bean;',
      'import org.springframework.context.annotation.Configuration;',
      'import org.springframework.http.HttpMethod;',
      'import org.springframework.security.config.Customizer;',
      'import org.springframework.security.config.annotation.web.builders.HttpSecurity;',
      'import org.springframework.security.web.SecurityFilterChain;',
      'import org.springframework.web.cors.CorsConfiguration;',
      'import org.springframework.web.cors.UrlBasedCorsConfigurationSource;',
      '',
      '@Configuration',
      'public class CorsConfig {',
      '',
      // The concrete type: Spring Security (6.2.x+, gh-15444) applies CORS on its own only for a
      // UrlBasedCorsConfigurationSource bean, so the fix still holds if the http.cors line is not merged.
      '    @Bean',
      '    UrlBasedCorsConfigurationSource corsConfigurationSource() {',
      '        CorsConfiguration config = new CorsConfiguration();',
      ...cfg,
      '        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();',
      '        source.registerCorsConfiguration("/**", config);',
      '        return source;',
      '    }',
      '',
      '    @Bean',
      '    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {',
      '        // cors() puts the CorsFilter before authentication: preflights carry no credentials.',
      '        http.cors(Customizer.withDefaults())',
      '            .authorizeHttpRequests(auth -> auth',
      '                .requestMatchers(HttpMethod.OPTIONS, "/**").permitAll()',
      '                .anyRequest().authenticated());',
      '        return http.build();',
      '    }',
      '}',
      '',
    ].join('\n');
    return {
      title: 'CorsConfigurationSource bean plus http.cors() in the security chain',
      snippet,
      where: 'A @Configuration class (e.g. `CorsConfig.java`); merge the `http.cors(...)` line into your existing SecurityFilterChain bean.',
      pitfall: pitfall(ctx),
      notes: [
        'Requires Spring Security ≥ 5.8 and Spring Framework ≥ 5.2, as in Spring Boot 3 (Security 6, Framework 6), which it is written for: `requestMatchers(HttpMethod, String...)` came in Security 5.8 (`antMatchers` before it, removed in 6.0), `setMaxAge(Duration)` in Framework 5.2.',
      ],
    };
  },
};
