/**
 * Spring Framework glue shared by the Spring Boot starters: {@link dev.vitals.spring.VitalsLifecycle}
 * (the drain before the web server's graceful shutdown), {@link dev.vitals.spring.CheckPolicy}
 * (per-check settings from configuration, with errors naming the property) and {@link
 * dev.vitals.spring.CheckContributor} (checks from the application's beans) and {@link
 * dev.vitals.spring.HealthWebFilter} (the endpoints over WebFlux). Independent of
 * Spring Boot; runs on Spring Framework 6.2 and 7.
 */
package dev.vitals.spring;
