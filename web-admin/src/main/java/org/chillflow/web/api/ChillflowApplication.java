package org.chillflow.web.api;

import org.chillflow.web.security.Roles;
import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

@ApplicationPath("/api")
@DeclareRoles({ Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN })
@OpenAPIDefinition(
        info = @Info(title = "ChillFlow API", version = "0.1",
                description = "Batch jobs, zones and (later) KPIs and live metrics of NYC taxi trips"),
        security = @SecurityRequirement(name = "basic"))
@SecurityScheme(securitySchemeName = "basic", type = SecuritySchemeType.HTTP, scheme = "basic")
public class ChillflowApplication extends Application {
}
