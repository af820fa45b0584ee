import SQLKit
import Vapor

extension Request {
    /// The SQL view of the request's database; both supported databases are SQL databases.
    var sql: any SQLDatabase {
        get throws {
            guard let sql = db as? any SQLDatabase else {
                throw Abort(.internalServerError, reason: "The database does not speak SQL.")
            }
            return sql
        }
    }
}
